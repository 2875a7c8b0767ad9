/**
 * The rules page's values, besides conditions (rule-conditions.ts): a route's ages (its messages that name
 * an age follow them), its reasons and next steps (message keys of the app's words, with the values they
 * name), the item its fact is kept in, and which field each of the server's problems belongs beside.
 */
import type { EligibilityRulesInput, RuleMessage } from '#contract/eligibility';
import { isPackList } from '#contract/pack-lists';
import type { ComputedRef, InjectionKey } from 'vue';
import type { FormField } from './item-forms';

export type RuleInput = EligibilityRulesInput['entitlements'][number];
export type RouteInput = RuleInput['routes'][number];

/** A route's (and a note's, and "otherwise"'s) two lists of messages. */
export const MESSAGE_LISTS = ['reasons', 'steps'] as const;
export type MessageList = (typeof MESSAGE_LISTS)[number];
/** Where a list's messages have their words in locales/: `check.reason.<key>`, `check.step.<key>`. */
export const wordsSection = (list: MessageList) => (list === 'reasons' ? 'check.reason' : 'check.step');
export const wordsKey = (list: MessageList, key: string) => `${wordsSection(list)}.${key}`;

/** What a value box holds, as a message keeps it: a number when it is one ("21"), else the text. */
export function valueFromInput(text: string): string | number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A copy of `message` with its value `name` set from a box (emptied: taken out, and `values` with it). */
export function withValue(message: RuleMessage, name: string, text: string): RuleMessage {
  const values = { ...message.values };
  const value = valueFromInput(text);
  if (value === undefined) delete values[name];
  else values[name] = value;
  return Object.keys(values).length ? { key: message.key, values } : { key: message.key };
}

/** Every message of a rule: its routes', their notes' and its "otherwise" reasons and steps. */
function* messagesOf(rule: RuleInput): Generator<[MessageList, RuleMessage]> {
  const holders = [...rule.routes, ...rule.routes.flatMap((r) => r.caveats ?? []), rule.otherwise ?? {}];
  for (const holder of holders) for (const list of MESSAGE_LISTS) for (const m of holder[list] ?? []) yield [list, m];
}

/**
 * The values each message is given somewhere in the rules (`reasons:ct_kcc_pays` → `{ until: 21 }`): the
 * names a new line of that message needs, and the values its words are shown with in the list to choose from.
 */
export function messageExamples(rules: EligibilityRulesInput): Map<string, Record<string, string | number>> {
  const out = new Map<string, Record<string, string | number>>();
  for (const rule of rules.entitlements) {
    for (const [list, m] of messagesOf(rule)) {
      const id = `${list}:${m.key}`;
      out.set(id, { ...m.values, ...out.get(id) });
    }
  }
  return out;
}

/**
 * The item a route's fact is kept in and the fact's path in it: `schemes.councilTax.kcc` is in `schemes`,
 * `districts.E07000112.councilTax.localDiscount` in `districts.E07000112`; no fact named: the entitlement's own.
 */
export function factItem(fact: string | undefined, entitlementId: string): { key: string; at: string } {
  if (!fact) return { key: `entitlements.${entitlementId}`, at: '' };
  const steps = fact.split('.');
  const keyParts = isPackList(steps[0]!) ? 2 : 1;
  return { key: steps.slice(0, keyParts).join('.'), at: steps.slice(keyParts).join('.') };
}

/** The problems under `prefix.` with it taken off (a part of the page gets the problems of its own fields). */
export function within(problems: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problems)
      .filter(([path]) => path.startsWith(`${prefix}.`))
      .map(([path, message]) => [path.slice(prefix.length + 1), message]),
  );
}

/**
 * The rule's fields as the server names their problems (`eligibility.entitlements.<id>.routes.<id>.gives`),
 * `conditions` being the fields of a route's `when`: a problem goes beside the first field it is about.
 */
export function ruleFields(rule: RuleInput, conditions: readonly FormField[]): FormField[] {
  const at = `eligibility.entitlements.${rule.id}`;
  const field = (path: string, kind: FormField['kind'] = 'choice'): FormField => ({ path, kind, label: path });
  const messages = (holder: string) => MESSAGE_LISTS.map((list) => field(`${holder}.${list}`, 'lines'));
  const when = (holder: string) => conditions.map((c) => ({ ...c, path: `${holder}.when.${c.path}` }));
  return [
    ...rule.routes.flatMap((r) => {
      const route = `${at}.routes.${r.id}`;
      return [
        field(`${route}.when.age`, 'number'),
        ...when(route),
        field(`${route}.gives`),
        ...messages(route),
        ...(r.caveats ?? []).flatMap((_, n) => [
          field(`${route}.caveats.${n}.when.age`, 'number'),
          ...when(`${route}.caveats.${n}`),
          field(`${route}.caveats.${n}.atMost`),
          ...messages(`${route}.caveats.${n}`),
        ]),
      ];
    }),
    ...messages(`${at}.otherwise`),
  ];
}

/**
 * A route's messages name its ages ("Kent pays until you are 21": `until` is the day after `to`); a
 * message that gave the old age gives the new one, so the words never contradict the rule.
 */
function renameAge(r: RouteInput, name: 'from' | 'until', before: number | undefined, after: number | undefined) {
  if (before === undefined || after === undefined) return;
  const lists = [r.reasons, r.steps, ...(r.caveats ?? []).flatMap((c) => [c.reasons, c.steps])];
  for (const m of lists.flatMap((list) => list ?? [])) if (m.values?.[name] === before) m.values[name] = after;
}

/** A route's age box changed: empty is "no limit" (an age condition left with nothing in it is taken out). */
export function setAge(r: RouteInput, end: 'from' | 'to', text: string) {
  const age = (r.when.age ??= {});
  const before = age[end];
  if (text.trim() === '') delete age[end];
  else age[end] = Number(text);
  if (Object.keys(age).length === 0) delete r.when.age;
  if (end === 'from') renameAge(r, 'from', before, age.from);
  else
    renameAge(r, 'until', before === undefined ? undefined : before + 1, age.to === undefined ? undefined : age.to + 1);
}

/** The page gives its forms the values each message is given in the draft's rules (messageExamples). */
export const MESSAGE_EXAMPLES: InjectionKey<ComputedRef<Map<string, Record<string, string | number>>>> =
  Symbol('message-examples');

/** The facts of the schemes and of a district a way can name, with their words (`studio.form.group.*`). */
const SCHEME_FACTS = { 'councilTax.kcc': 'kcc', 'councilTax.medway': 'medway', rentGuarantor: 'rent_guarantor' };
const DISTRICT_FACTS = {
  councilTax: 'council_tax',
  'councilTax.localDiscount': 'local_discount',
  housingOptions: 'housing_options',
};

export interface FactChoice {
  /** the route's `fact` ('' : none named, the page's own facts) */
  path: string;
  /** its words, `studio.form.group.<group>` (null: the page's own) */
  group: string | null;
  district?: string;
}

/** The facts a way can take its currency from: the page's own, the schemes', and each district's. */
export function factChoices(districtCodes: readonly string[]): FactChoice[] {
  return [
    { path: '', group: null },
    ...Object.entries(SCHEME_FACTS).map(([at, group]) => ({ path: `schemes.${at}`, group })),
    ...districtCodes.flatMap((district) =>
      Object.entries(DISTRICT_FACTS).map(([at, group]) => ({ path: `districts.${district}.${at}`, group, district })),
    ),
  ];
}
