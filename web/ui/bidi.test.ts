import { describe, expect, it } from 'vitest';
import { isolate, ltr, telHref } from './bidi';

describe('bidi isolation', () => {
  it('wraps a number in a left-to-right isolate, so its digit groups keep their order in RTL text', () => {
    expect(ltr('03000 41 91 91')).toBe('\u206603000 41 91 91\u2069');
  });

  it('wraps a date in a first-strong isolate', () => {
    expect(isolate('7 Dec 2026')).toBe('\u20687 Dec 2026\u2069');
  });

  it('dials the digits only', () => {
    expect(telHref('0800 107 0160')).toBe('tel:08001070160');
  });
});
