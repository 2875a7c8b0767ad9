/**
 * Reading and writing a form's fields in an item's value by their dot paths, and putting the server's
 * problems beside the fields they are about. An emptied field is taken out of the value (with any object
 * it leaves empty), so an optional field left blank is simply not there, as the pack's files write it.
 */
import { isObject } from '#contract/is-object';
import type { FieldKind, FormField } from './item-forms';

type Obj = Record<string, unknown>;

export function readField(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const step of path.split('.')) at = isObject(at) ? at[step] : undefined;
  return at;
}

/** What an input holds, as the value keeps it: numbers as numbers (text that is not one is kept as typed). */
export function fromInput(kind: FieldKind, input: unknown): unknown {
  if (kind === 'yesNo' || kind === 'lines') return input;
  const text = String(input ?? '');
  if (text.trim() === '') return undefined;
  if (kind === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  return text;
}

/** A copy of `value` with the field at `path` set (undefined: taken out, and any object that leaves empty). */
export function writeField(value: unknown, path: string, next: unknown): Obj {
  // a JSON copy: the form's value is a reactive proxy, which structuredClone refuses
  const root: Obj = isObject(value) ? (JSON.parse(JSON.stringify(value)) as Obj) : {};
  const steps = path.split('.');
  const chain: Obj[] = [root];
  for (const step of steps.slice(0, -1)) {
    const parent = chain.at(-1)!;
    if (!isObject(parent[step])) parent[step] = {};
    chain.push(parent[step] as Obj);
  }
  const last = steps.at(-1)!;
  if (next !== undefined) {
    chain.at(-1)![last] = next;
    return root;
  }
  delete chain.at(-1)![last];
  for (let i = chain.length - 1; i > 0 && Object.keys(chain[i]!).length === 0; i--) delete chain[i - 1]![steps[i - 1]!];
  return root;
}

export const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * The server's problems (named by pack path, `contacts.kent_out_of_hours.phone`) for the item `key`: each
 * given to the first field it is about (its own path, a line of it, or an object holding it); the rest,
 * about no field of the form, are `others` (path → the server's words). `key` '': the paths are the form's own.
 */
export function problemsByField(
  key: string,
  fields: readonly FormField[],
  problems: Record<string, string>,
): { byField: Record<string, string>; others: Record<string, string> } {
  const byField: Record<string, string> = {};
  const others: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    const own = key === '' ? path : path.startsWith(`${key}.`) ? path.slice(key.length + 1) : null;
    const field =
      own === null
        ? undefined
        : fields.find((f) => own === f.path || own.startsWith(`${f.path}.`) || f.path.startsWith(`${own}.`));
    if (field) byField[field.path] ??= message;
    else others[path] = message;
  }
  return { byField, others };
}

/** Problems named by item key (`contacts.x.phone`) renamed to the form's paths (`value.phone`), `at` → key. */
export function underForm(problems: Record<string, string>, at: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    const hit = Object.entries(at).find(([, key]) => path === key || path.startsWith(`${key}.`));
    out[hit ? `${hit[0]}${path.slice(hit[1].length)}` : path] = message;
  }
  return out;
}
