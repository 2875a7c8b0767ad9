/** Every route of the app with the requests that fuzz it; the fuzz test fails on a route missing here. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { newReport } from '../reports';
import {
  AddContentItem,
  AlertSettings,
  ContentHealthSettings,
  ContentNotePatch,
  CreateApiKey,
  CreateStaff,
  DEFAULT_ALERT_SETTINGS,
  LinkCheckRequest,
  LoginRequest,
  MarkFactChecked,
  NewContentNote,
  NewReply,
  OutcomeChangesRequest,
  NewReport,
  PaNote,
  PublishContent,
  SaveContentItem,
  ReportPatch,
  RestoreContentItem,
  ReportPushSubscription,
  ReportPushUnsubscribe,
  SetCareLeavers,
  SetDutyInbox,
  StaffPushSubscription,
  StaffPushUnsubscribe,
  TotpConfirm,
  UpdateStaff,
} from '#contract';
import { real, type Who, junk, jsonBody, brokenMultipart, query, segment, who, headersFor } from './requests';
import {
  type Spec,
  all,
  DASHBOARD_QUERY,
  get,
  getWith,
  jsonRoute,
  keyedJsonRoute,
  idempotencyKey,
  open311Post,
  withKey,
  FUZZ_SUBSCRIPTION,
  CONTENT_KEYS,
} from './route-kinds';

export const specs: Spec[] = [
  get('/api/health', ['verbose']),
  get('/api/health/live', []),
  get('/api/districts', ['lat']),
  get('/api/districts/locate', ['lat', 'lng']),
  get('/api/config', []),
  get('/metrics', ['name']),
  {
    method: 'POST',
    path: '/api/reports',
    may2xx: false,
    arbitrary: () =>
      fc
        .tuple(
          fc.oneof(
            { weight: 6, arbitrary: jsonBody(NewReport, newReport()) },
            { weight: 4, arbitrary: brokenMultipart },
            // a valid report with a character PostgreSQL cannot store, in one of its text fields
            {
              weight: 1,
              arbitrary: fc
                .constantFrom(
                  { description: 'Mould\u0000everywhere' },
                  { provider: 'Homes\u0000Ltd' },
                  { contact: { method: 'email', value: 'a@example.org' }, description: '\u0000' + 'x' },
                )
                .map((fields) => ({ type: 'application/json', body: JSON.stringify(newReport(fields)) })),
            },
          ),
          idempotencyKey,
          who(['anonymous', 'forged']),
        )
        .chain(([{ type, body }, key, w]) =>
          headersFor(w, { 'content-type': type, ...(key === undefined ? {} : { 'idempotency-key': key }) }).map(
            (headers) => ({
              method: 'POST',
              path: '/api/reports',
              who: w,
              headers,
              body,
            }),
          ),
        ),
  },
  getWith('/api/reports/:trackingCode', {
    trackingCode: () => [real.trackingCode, real.trackingCode.toLowerCase(), real.reportId],
  }),
  keyedJsonRoute(
    '/api/reports/:trackingCode/replies',
    NewReply,
    () => ({ kind: 'reply', text: 'Fuzz reply' }),
    ['anonymous', 'forged'],
    () => [real.trackingCode, real.trackingCode.toLowerCase().replace(/-/g, ''), real.reportId],
  ),
  get('/api/pa/reports', []),
  getWith('/api/pa/reports/:id', { id: () => [real.reportId] }),
  jsonRoute('POST', '/api/pa/reports/:id/notes', PaNote, () => ({ publicNote: 'Fuzz note from a PA' }), all, {
    ids: () => [real.reportId],
    withNul: () => ({ publicNote: 'Fuzz\u0000note' }),
  }),
  keyedJsonRoute('/api/pa/reports', NewReport, () => newReport(), all),
  jsonRoute(
    'POST',
    '/api/auth/login',
    LoginRequest,
    () => ({ email: 'nobody@example.test', password: 'guess', totp: '123456' }),
    ['anonymous', 'forged'],
    {
      withNul: () => ({ email: 'nobody@example.test', password: 'gu\u0000ess' }),
    },
  ),
  {
    method: 'POST',
    path: '/api/auth/logout',
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(who(['anonymous', 'forged']), junk)
        .chain(([w, body]) =>
          headersFor(w).map((headers) => ({ method: 'POST', path: '/api/auth/logout', who: w, headers, body })),
        ),
  },
  get('/api/auth/me', []),
  {
    method: 'POST',
    path: '/api/auth/totp/setup',
    may2xx: false,
    // signed in, this would start a real enrolment: fuzzed without a session, and across origins
    arbitrary: () =>
      fc
        .tuple(who(['anonymous', 'forged']), junk)
        .chain(([w, body]) =>
          headersFor(w).map((headers) => ({ method: 'POST', path: '/api/auth/totp/setup', who: w, headers, body })),
        ),
  },
  jsonRoute('POST', '/api/auth/totp/confirm', TotpConfirm, () => ({ code: '123456' }), all),
  get('/api/auth/staff', ['page']),
  jsonRoute(
    'POST',
    '/api/auth/staff',
    CreateStaff,
    () => ({ email: 'new@example.test', role: 'pa', districts: null }),
    all,
  ),
  jsonRoute('PATCH', '/api/auth/staff/:id', UpdateStaff, () => ({ disabled: true }), all, {
    ids: () => [real.staffId],
  }),
  get('/api/auth/audit', ['page', 'pageSize', 'reportId', 'actor', 'action']),
  get('/api/dashboard/summary', DASHBOARD_QUERY),
  get('/api/dashboard/trend', DASHBOARD_QUERY),
  get('/api/dashboard/providers', DASHBOARD_QUERY),
  get('/api/dashboard/reports', DASHBOARD_QUERY),
  get('/api/dashboard/export.csv', DASHBOARD_QUERY),
  get('/api/dashboard/providers.csv', [...DASHBOARD_QUERY, 'shared']),
  getWith('/api/dashboard/reports/:id', { id: () => [real.reportId] }),
  getWith('/api/dashboard/reports/:id/photos/:n', { id: () => [real.reportId], n: () => ['1', '2', '0'] }),
  jsonRoute(
    'PATCH',
    '/api/dashboard/reports/:id',
    ReportPatch,
    () => ({ status: 'acknowledged', publicNote: 'Fuzz note' }),
    all,
    {
      ids: () => [real.reportId],
      withNul: () => ({ internalNote: 'Fuzz\u0000note' }),
    },
  ),
  get('/api/stats/districts', DASHBOARD_QUERY),
  // each answer reads twelve months of figures: 40 tries still cover its query parameters
  { ...get('/api/stats/monthly.csv', DASHBOARD_QUERY), runs: 40 },
  get('/api/admin/api-keys', []),
  jsonRoute('POST', '/api/admin/api-keys', CreateApiKey, () => ({ name: 'Fuzz partner', districts: null }), all, {
    withNul: () => ({ name: 'Fuzz\u0000partner', districts: null }),
  }),
  {
    method: 'DELETE',
    path: '/api/admin/api-keys/:id',
    may2xx: false,
    // never the real key's id: revoking it would be a legitimate change
    arbitrary: () =>
      fc
        .tuple(who(all), segment([randomUUID()]))
        .chain(([w, id]) =>
          headersFor(w).map((headers) => ({ method: 'DELETE', path: `/api/admin/api-keys/${id}`, who: w, headers })),
        ),
  },
  // care leavers per district (admins), for the "per 100 care leavers" measure
  get('/api/admin/care-leavers', []),
  jsonRoute(
    'PUT',
    '/api/admin/care-leavers/:district',
    SetCareLeavers,
    () => ({ careLeavers: 120, source: 'Fuzz count', asOf: '2026-01-01' }),
    all,
    { ids: () => ['E07000114', 'outside'] },
  ),
  {
    method: 'DELETE',
    path: '/api/admin/care-leavers/:district',
    may2xx: false,
    // never a real district: removing its number would be a legitimate change
    arbitrary: () =>
      fc
        .tuple(who(all), segment(['E99999999', 'outside']))
        .chain(([w, d]) =>
          headersFor(w).map((headers) => ({ method: 'DELETE', path: `/api/admin/care-leavers/${d}`, who: w, headers })),
        ),
  },
  // alerts (docs/alerts.md)
  get('/api/alerts/settings', []),
  jsonRoute('PUT', '/api/alerts/settings', AlertSettings, () => ({ ...DEFAULT_ALERT_SETTINGS }), all),
  get('/api/alerts/status', []),
  get('/api/alerts/duty-inboxes', []),
  jsonRoute('PUT', '/api/alerts/duty-inboxes/:district', SetDutyInbox, () => ({ email: 'duty@example.test' }), all, {
    ids: () => ['E07000114', 'outside'],
  }),
  get('/api/push/key', []),
  jsonRoute(
    'POST',
    '/api/push/reports',
    ReportPushSubscription,
    () => ({ subscription: FUZZ_SUBSCRIPTION, trackingCodes: [real.trackingCode], language: 'en' }),
    all,
  ),
  jsonRoute(
    'DELETE',
    '/api/push/reports',
    ReportPushUnsubscribe,
    () => ({ endpoint: FUZZ_SUBSCRIPTION.endpoint }),
    all,
  ),
  jsonRoute('POST', '/api/push/staff', StaffPushSubscription, () => ({ subscription: FUZZ_SUBSCRIPTION }), all),
  jsonRoute('DELETE', '/api/push/staff', StaffPushUnsubscribe, () => ({ endpoint: FUZZ_SUBSCRIPTION.endpoint }), all),
  // the content studio (api/modules/content): an admin may edit and publish, so every body is invalid
  get('/api/content/version', []),
  getWith('/api/content/versions/:version/pack', { version: () => ['1', '2', '0', '01'] }),
  get('/api/content/versions', []),
  get('/api/content/draft', []),
  get('/api/content/entitlements', []),
  get('/api/content/items', []),
  getWith('/api/content/versions/:version/changes', { version: () => ['1', '2', '0', '01'] }, ['since', 'locales']),
  jsonRoute('POST', '/api/content/draft/outcome-changes', OutcomeChangesRequest, () => ({ people: [] }), all),
  getWith('/api/content/items/:key', { key: () => [...CONTENT_KEYS, 'manifest', 'text.en', 'text.ar.entitlements'] }),
  jsonRoute('PUT', '/api/content/items/:key', SaveContentItem, () => ({ value: { title: 'Fuzz' } }), all, {
    ids: () => CONTENT_KEYS,
  }),
  // adding, removing and putting back a contact or a glossary word: no If-Match, or a body never valid
  jsonRoute(
    'POST',
    '/api/content/items',
    AddContentItem,
    () => ({ kind: 'glossary', id: 'fuzz_word', value: { term: 'fuzz', meaning: 'Fuzz.' } }),
    all,
  ),
  {
    method: 'DELETE',
    path: '/api/content/items/:key',
    may2xx: false,
    arbitrary: () =>
      fc
        .tuple(who(all), segment(['contacts.shelter_helpline', 'text.en.glossary.sanction', ...CONTENT_KEYS]))
        .chain(([w, key]) =>
          headersFor(w).map((headers) => ({ method: 'DELETE', path: `/api/content/items/${key}`, who: w, headers })),
        ),
  },
  jsonRoute(
    'POST',
    '/api/content/items/:key/restore',
    RestoreContentItem,
    () => ({ values: { 'text.en.glossary.sanction': { term: 'fuzz', meaning: 'Fuzz.' } } }),
    all,
    { ids: () => ['text.en.glossary.sanction', 'contacts.shelter_helpline'] },
  ),
  jsonRoute('POST', '/api/content/publish', PublishContent, () => ({ note: 'Fuzz' }), all),
  jsonRoute('POST', '/api/content/versions/:version/republish', PublishContent, () => ({ note: 'Fuzz' }), all, {
    ids: () => ['1', '2'],
  }),
  // notes from the app (anonymous, through the outbox) and the editors' queue
  keyedJsonRoute(
    '/api/content/notes',
    NewContentNote,
    () => ({ entitlementId: 'setting_up_home', locale: 'ar', from: 'young_person', note: 'Fuzz note' }),
    all,
  ),
  get('/api/content/notes', ['state']),
  jsonRoute('PATCH', '/api/content/notes/:id', ContentNotePatch, () => ({ done: true }), all, {
    ids: () => [randomUUID()],
  }),
  // content health and the comparison of versions; every body is invalid, so no link is ever fetched
  get('/api/content/health', []),
  jsonRoute('PUT', '/api/content/health/settings', ContentHealthSettings, () => ({ staleAfterMonths: 6 }), all),
  jsonRoute('POST', '/api/content/health/links', LinkCheckRequest, () => ({ urls: ['https://www.kent.gov.uk/'] }), all),
  jsonRoute(
    'POST',
    '/api/content/health/checked',
    MarkFactChecked,
    () => ({ key: 'entitlements.setting_up_home', path: [], sourceUrl: 'https://www.kent.gov.uk/' }),
    all,
  ),
  get('/api/content/diff', ['from', 'to']),
  {
    method: 'GET',
    path: '/open311/v2/:file',
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(
              'discovery.json',
              'discovery.xml',
              'services.json',
              'services.xml',
              'requests.json',
              'requests.xml',
              'requests',
              'requests.html',
              'tokens.json',
            ),
            segment([]),
          ),
          query([
            'api_key',
            'jurisdiction_id',
            'service_request_id',
            'service_code',
            'start_date',
            'end_date',
            'status',
          ]),
          fc.boolean(),
        )
        .map(([file, q, keyed]) => ({
          method: 'GET',
          path: `/open311/v2/${file}${withKey(q, keyed)}`,
          who: 'anonymous' as Who,
          headers: {},
        })),
  },
  open311Post,
  {
    method: 'GET',
    path: '/open311/v2/:collection/:file',
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(
          fc.oneof(fc.constantFrom('services', 'requests', 'tokens'), segment([])),
          fc.oneof(
            fc.constantFrom(
              `${real.reportId}.json`,
              `${real.reportId}.xml`,
              'damp.json',
              'damp.xml',
              'mould.csv',
              `${real.reportId}`,
            ),
            segment([]).map((s) => `${s}.${['json', 'xml', 'txt'][s.length % 3]}`),
          ),
          query(['api_key', 'jurisdiction_id']),
          fc.boolean(),
        )
        .map(([collection, file, q, keyed]) => ({
          method: 'GET',
          path: `/open311/v2/${collection}/${file}${withKey(q, keyed)}`,
          who: 'anonymous' as Who,
          headers: {},
        })),
  },
];
