/**
 * Changing the content draft as the studio does, for the content API tests: an item is opened (its value
 * and the ETag it was opened with) and saved back with that ETag in If-Match, so a test's change is never
 * refused as stale. `app` is read when a test runs (the files start their app in beforeAll).
 */
import { expect } from 'vitest';
import type { ContentItem } from '#contract';
import type { Conditions, EligibilityRulesInput } from '#contract/eligibility';
import { asStaff, createStaff, signIn } from './staff';
import type { TestApp } from './test-app';

type EntitlementRuleInput = EligibilityRulesInput['entitlements'][number];
interface Rules {
  entitlements: EntitlementRuleInput[];
}

export function contentEdits(app: () => TestApp['app']) {
  /** The item as `cookie` opens it, with its ETag. */
  async function open(key: string, cookie: string | null) {
    const res = await app().request(`/api/content/items/${key}`, asStaff(cookie));
    expect(res.status).toBe(200);
    return { etag: res.headers.get('etag')!, item: (await res.json()) as ContentItem };
  }

  /** Opens the item and saves `change(value)` over it (`change` gets a copy); the save's answer. */
  async function edit(key: string, cookie: string | null, change: (value: Record<string, unknown>) => unknown) {
    const { etag, item } = await open(key, cookie);
    const value = change(structuredClone(item.value) as Record<string, unknown>);
    return app().request(
      `/api/content/items/${key}`,
      asStaff(cookie, { method: 'PUT', body: { value }, headers: { 'if-match': etag } }),
    );
  }

  /** Saves `change(rule)` over one entitlement's rule in the draft's rules; the save's answer. */
  const editRule = (cookie: string, entitlement: string, change: (rule: EntitlementRuleInput) => void) =>
    edit('eligibility', cookie, (value) => {
      change((value as unknown as Rules).entitlements.find((e) => e.id === entitlement)!);
      return value;
    });

  /** Changes the conditions of one way (route) to get an entitlement, in the draft's rules; the save must pass. */
  async function editRoute(cookie: string, entitlement: string, route: string, change: (when: Conditions) => void) {
    const res = await editRule(cookie, entitlement, (rule) => change(rule.routes.find((r) => r.id === route)!.when));
    expect(res.status).toBe(200);
  }

  return { open, edit, editRule, editRoute };
}

/** Signs in the studio's usual two: an editor, and a translator for Arabic; their session cookies. */
export async function signInEditorAndTranslator(t: TestApp) {
  const editor = await signIn(t.app, await createStaff(t.db, { email: 'editor@example.test', role: 'editor' }));
  const translator = await signIn(
    t.app,
    await createStaff(t.db, { email: 'translator@example.test', role: 'translator', languages: ['ar'] }),
  );
  return { editor, translator };
}
