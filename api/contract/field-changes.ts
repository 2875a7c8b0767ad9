/**
 * What changed in an item, field by field: published → draft on the publish page, and any version → any
 * other in the studio's comparison (the API computes it with this same function). The paths of the values
 * that differ, as an editor reads them (`easyRead.2`, and a list's element by its id,
 * `entitlements.council_tax.routes.kcc_pays.when.age.to`). Lists of plain lines compare line by line.
 */
import { isObject } from './is-object';

export interface FieldChange {
  path: string;
  was: unknown;
  now: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A list element's name: its id or code when it has one, else its place. */
function nameOf(value: unknown, index: number): string {
  if (isObject(value) && (typeof value.id === 'string' || typeof value.code === 'string'))
    return String(value.id ?? value.code);
  return String(index);
}

export function fieldChanges(was: unknown, now: unknown, most = 40): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length >= most || same(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
        walk(a[key], b[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const named = (list: unknown[]) => new Map(list.map((v, i) => [nameOf(v, i), v]));
      const [before, after] = [named(a), named(b)];
      for (const key of new Set([...before.keys(), ...after.keys()]))
        walk(before.get(key), after.get(key), path ? `${path}.${key}` : key);
      return;
    }
    out.push({ path: path || '(all)', was: a, now: b });
  };
  walk(was, now, '');
  return out;
}

/** A value as one short line for the list of changes. */
export function shortValue(value: unknown, max = 200): string {
  const text = value === undefined || value === null ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
