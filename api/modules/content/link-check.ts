/**
 * Source links checked by the server, when an editor asks: the phone never fetches them (it would spend
 * a young person's data and show their address to every source's website). Each link gets one GET with a
 * time limit; redirects are followed; the body is not read. A few at a time, so a long list does not
 * open a hundred connections at once.
 */
import type { LinkCheck } from '#contract';
import type { Queryable } from '../../db/client';
import { iso } from '../../db/values';

export const LINK_TIMEOUT_MS = 5_000;
const AT_ONCE = 8;

export async function checkLink(url: string, timeoutMs = LINK_TIMEOUT_MS): Promise<Omit<LinkCheck, 'checkedAt'>> {
  try {
    const res = await fetch(url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { Accept: 'text/html,application/pdf;q=0.9,*/*;q=0.8', 'User-Agent': 'CareLeaverHub-LinkCheck/1' },
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status < 400;
    return { url, ok, status: res.status, problem: ok ? null : `HTTP ${res.status}` };
  } catch (error) {
    const name = (error as { name?: string }).name;
    const problem =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no answer within ${Math.round(timeoutMs / 1000)} s`
        : ((error as { cause?: { code?: string } }).cause?.code ?? 'no answer');
    return { url, ok: false, status: null, problem };
  }
}

/** Checks every link (a few at a time) and keeps each result; answers them in the order given. */
export async function checkLinks(db: Queryable, urls: string[], timeoutMs = LINK_TIMEOUT_MS): Promise<LinkCheck[]> {
  const results: Omit<LinkCheck, 'checkedAt'>[] = new Array(urls.length);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const i = next++;
      results[i] = await checkLink(urls[i]!, timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, urls.length) }, worker));
  if (!results.length) return [];
  const rows = await db.query<{ url: string; checked_at: Date | string }>(
    `insert into content_link_checks (url, ok, status, problem)
     select * from unnest($1::text[], $2::boolean[], $3::int[], $4::text[])
     on conflict (url) do update set ok = excluded.ok, status = excluded.status, problem = excluded.problem,
       checked_at = now()
     returning url, checked_at`,
    [results.map((r) => r.url), results.map((r) => r.ok), results.map((r) => r.status), results.map((r) => r.problem)],
  );
  const at = new Map(rows.map((r) => [r.url, iso(r.checked_at)]));
  return results.map((r) => ({ ...r, checkedAt: at.get(r.url)! }));
}

export async function lastChecks(db: Queryable): Promise<Map<string, LinkCheck>> {
  const rows = await db.query<{
    url: string;
    checked_at: Date | string;
    ok: boolean;
    status: number | null;
    problem: string | null;
  }>('select url, checked_at, ok, status, problem from content_link_checks');
  return new Map(
    rows.map((r) => [
      r.url,
      {
        url: r.url,
        checkedAt: iso(r.checked_at),
        ok: r.ok,
        status: r.status === null ? null : Number(r.status),
        problem: r.problem,
      },
    ]),
  );
}
