/**
 * The rules' reasons and next steps are message keys whose words are the app's (`check.reason.<key>`,
 * `check.step.<key>` in locales/, the same in every language by the i18n check): a draft that names a key
 * with no words would show a young person the bare key, so it is refused beside the line that names it.
 */
import en from '#locales/en.json';

const KNOWN = {
  reasons: new Set(Object.keys(en.check.reason)),
  steps: new Set(Object.keys(en.check.step)),
};

type Loose = Record<string, unknown> | undefined;
const listOf = (value: unknown): Loose[] => (Array.isArray(value) ? (value as Loose[]) : []);

/** `eligibility.entitlements.<id>.routes.<id>.reasons.<n>.key` → why, for every message without words. */
export function unknownMessages(pack: unknown): Record<string, string> {
  const rules = (pack as { eligibility?: Loose } | null)?.eligibility?.entitlements;
  const problems: Record<string, string> = {};
  const check = (at: string, holder: Loose) => {
    for (const list of ['reasons', 'steps'] as const) {
      listOf(holder?.[list]).forEach((message, n) => {
        const key = message?.key;
        if (typeof key === 'string' && !KNOWN[list].has(key))
          problems[`${at}.${list}.${n}.key`] =
            `the app has no words for this ${list === 'reasons' ? 'reason' : 'step'}`;
      });
    }
  };
  for (const rule of listOf(rules)) {
    const at = `eligibility.entitlements.${String(rule?.id)}`;
    check(`${at}.otherwise`, rule?.otherwise as Loose);
    for (const route of listOf(rule?.routes)) {
      const routeAt = `${at}.routes.${String(route?.id)}`;
      check(routeAt, route);
      listOf(route?.caveats).forEach((caveat, n) => check(`${routeAt}.caveats.${n}`, caveat));
    }
  }
  return problems;
}
