import { describe, expect, it } from 'vitest';
import { fieldChanges, shortValue } from '#contract/field-changes';

describe('what an edit changed, field by field', () => {
  it('names changed lines by their place and list elements by their id', () => {
    const was = {
      title: 'Council tax',
      easyRead: ['one', 'two', 'three'],
      entitlements: [{ id: 'council_tax', routes: [{ id: 'kcc_pays', when: { age: { from: 18, to: 20 } } }] }],
    };
    const now = structuredClone(was);
    now.easyRead[2] = 'three, changed';
    now.entitlements[0]!.routes[0]!.when.age.to = 21;
    expect(fieldChanges(was, now)).toEqual([
      { path: 'easyRead.2', was: 'three', now: 'three, changed' },
      { path: 'entitlements.council_tax.routes.kcc_pays.when.age.to', was: 20, now: 21 },
    ]);
  });

  it('shows added and removed fields, a new item whole, and nothing for equal values', () => {
    expect(fieldChanges({ a: 1 }, { b: 2 })).toEqual([
      { path: 'a', was: 1, now: undefined },
      { path: 'b', was: undefined, now: 2 },
    ]);
    expect(fieldChanges(null, 'new')).toEqual([{ path: '(all)', was: null, now: 'new' }]);
    expect(fieldChanges({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(shortValue(undefined)).toBe('—');
    expect(shortValue('x'.repeat(300)).length).toBe(200);
  });
});
