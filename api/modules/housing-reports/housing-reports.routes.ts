/**
 * POST /api/reports and GET /api/reports/{trackingCode}.
 *
 * Idempotency: the phone's outbox sends each report with its own `Idempotency-Key` and may send it many
 * times (retries, the service worker and the page racing). The first request that completes stores the
 * report with the key (unique in the database) and its 201 body; any later request with that key and the
 * same body (same report fields and photo bytes) gets that body again, **status 201** and the header
 * `Idempotency-Replayed: true`, so a client never has to tell a first answer from a replay. The same key with
 * a different body → 422 `idempotency_key_reused`.
 *
 * Body size: createApp's requestLimits (api/lib/request-limits.ts) has already read the body with its
 * limit counted while reading (64 KB JSON, 35 MB multipart on this path) and answered 413 above it.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { NewReply, NewReport, normaliseTrackingCode, PHOTOS_MAX } from '#contract';
import type { AppDeps } from '../../deps';
import { ApiError, errorBody } from '../../lib/errors';
import { parseJson, parseWith } from '../../lib/validate';
import { createReport, findByIdempotencyKey } from './housing-reports.queries';
import { findByTrackingCode, findIdByTrackingCode } from './tracking-view';
import { processPhoto, type StoredPhoto } from './photos';
import { changeReport } from './report-workflow';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const NOT_FOUND = errorBody('not_found', 'No report has this tracking code. Check it and try again.');
const keyReused = () =>
  new ApiError(
    422,
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request. Use a new key for a new one.',
  );

const isMultipart = (type: string) => /^multipart\/form-data\b/i.test(type);
const isJson = (type: string) => /^application\/(.+\+)?json\b/i.test(type);

/** Refuses before reading a byte when the key is missing, or the body is neither JSON nor multipart. */
export async function reportMediaType(c: Context, next: () => Promise<void>) {
  readIdempotencyKey(c);
  const type = c.req.header('content-type') ?? '';
  if (!isJson(type) && !isMultipart(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the report as application/json or multipart/form-data.');
  }
  await next();
}

/** Each photo checked, resized and stripped of its metadata, one at a time: bounded memory under load. */
export async function storedPhotos(photoBytes: Uint8Array[]): Promise<StoredPhoto[]> {
  const photos: StoredPhoto[] = [];
  for (const [index, bytes] of photoBytes.entries()) photos.push(await processPhoto(bytes, index));
  return photos;
}

export function housingReports({ db, alerts }: Pick<AppDeps, 'db' | 'alerts'>) {
  const app = new Hono();

  app.post('/', reportMediaType, async (c) => {
    const idempotencyKey = readIdempotencyKey(c);
    const { report, photoBytes } = await readSubmission(c);
    const requestHash = hashRequest(report, photoBytes);

    // A retry of a stored report with photos: answer at once, without decoding its photos again. (Without
    // photos the insert itself finds the key: one round trip for a new report, the common case.)
    if (photoBytes.length > 0) {
      const earlier = await findByIdempotencyKey(db, idempotencyKey);
      if (earlier) return replay(c, earlier, requestHash);
    }

    const photos = await storedPhotos(photoBytes);
    const result = await createReport(db, { report, idempotencyKey, requestHash, photos });
    if (!result.created) return replay(c, result, requestHash);
    c.set('reportOutcome', result.response.urgent ? 'urgent' : 'routine');
    // an urgent report's alert need not wait for the worker's next round
    if (result.response.urgent) alerts?.kick();
    return c.json(result.response, 201);
  });

  app.get('/:trackingCode', async (c) => {
    const code = normaliseTrackingCode(c.req.param('trackingCode'));
    const report = code ? await findByTrackingCode(db, code) : null;
    // a malformed code and an unknown one get the same answer, so codes cannot be probed
    if (!report) return c.json(NOT_FOUND, 404);
    return c.json(report);
  });

  /**
   * The young person's answer, from "My reports" through the phone's outbox: a reply to a note, "It's not
   * fixed" or "It came back" (both reopen a resolved or closed report). 201 with the report's public view;
   * a retry with the same Idempotency-Key and body changes nothing and gets 201 with
   * `Idempotency-Replayed: true`; the same key with another body → 422.
   */
  app.post('/:trackingCode/replies', async (c) => {
    const idempotencyKey = readIdempotencyKey(c);
    const code = normaliseTrackingCode(c.req.param('trackingCode'));
    const id = code ? await findIdByTrackingCode(db, code) : null;
    if (!code || !id) return c.json(NOT_FOUND, 404);
    const reply = await parseJson(c, NewReply);
    const requestHash = createHash('sha256')
      .update(`${code}\0${canonicalJson(reply)}`)
      .digest('hex');
    const { replayOf } = await changeReport(db, id, {
      by: 'reporter',
      reply: { ...reply, idempotencyKey, requestHash },
    });
    if (replayOf !== undefined && replayOf !== requestHash) throw keyReused();
    if (replayOf === undefined) alerts?.kick();
    return c.json(
      (await findByTrackingCode(db, code))!,
      201,
      replayOf === undefined ? {} : { 'Idempotency-Replayed': 'true' },
    );
  });

  return app;
}

export function readIdempotencyKey(c: Context): string {
  const key = c.req.header('idempotency-key');
  if (!key) {
    throw new ApiError(
      400,
      'idempotency_key_required',
      'Send an Idempotency-Key header (a new random value per report).',
      {
        'Idempotency-Key': 'is required',
      },
    );
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(
      400,
      'invalid_idempotency_key',
      'The Idempotency-Key must be 8 to 128 letters, digits or - _ . :',
      {
        'Idempotency-Key': 'must be 8 to 128 letters, digits or - _ . :',
      },
    );
  }
  return key;
}

/** The report (validated) and the raw bytes of its photos, from a JSON or a multipart body. */
export async function readSubmission(c: Context): Promise<{ report: NewReport; photoBytes: Uint8Array[] }> {
  if (!isMultipart(c.req.header('content-type') ?? ''))
    return { report: await parseJson(c, NewReport), photoBytes: [] };

  let form: FormData;
  try {
    form = await c.req.raw.formData();
  } catch {
    throw new ApiError(400, 'malformed_body', 'The multipart body could not be read.');
  }
  const part = form.get('report');
  if (part === null) throw new ApiError(400, 'invalid', 'The report part is missing.', { report: 'is required' });
  let json: unknown;
  try {
    json = JSON.parse(typeof part === 'string' ? part : await part.text());
  } catch {
    throw new ApiError(400, 'malformed_json', 'The report part is not valid JSON.', { report: 'must be JSON' });
  }
  const report = parseWith(NewReport, json, 'report');

  const files = form.getAll('photos');
  if (files.length > PHOTOS_MAX) {
    throw new ApiError(400, 'too_many_photos', `Send at most ${PHOTOS_MAX} photos.`, {
      photos: `at most ${PHOTOS_MAX}`,
    });
  }
  const photoBytes: Uint8Array[] = [];
  for (const [index, file] of files.entries()) {
    if (typeof file === 'string') {
      throw new ApiError(400, 'invalid', 'Each photo must be a file.', { [`photos.${index}`]: 'must be a file' });
    }
    photoBytes.push(new Uint8Array(await file.arrayBuffer()));
  }
  return { report, photoBytes };
}

/** sha256 of the report's normalised fields (keys sorted) and of each photo's bytes, in order. */
export function hashRequest(report: NewReport, photos: Uint8Array[]): string {
  const hash = createHash('sha256').update(canonicalJson(report));
  for (const photo of photos) hash.update('\0photo\0').update(createHash('sha256').update(photo).digest('hex'));
  return hash.digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function replay(c: Context, stored: { requestHash: string; response: unknown }, requestHash: string) {
  if (stored.requestHash !== requestHash) throw keyReused();
  c.set('reportOutcome', 'replay');
  return c.json(stored.response, 201, { 'Idempotency-Replayed': 'true' });
}
