import { describe, expect, it } from 'vitest';
import { classes, percent, SCALE } from './dashboard-format';
import { toQueryString } from './use-dashboard-filters';

describe('choropleth classes', () => {
  it('splits 0 … max into five equal classes, the largest value in the darkest', () => {
    const { bounds, classOf, colourOf } = classes([0, 3, 10, 25]);
    expect(bounds).toEqual([5, 10, 15, 20, 25]);
    expect([0, 5, 6, 10, 25].map(classOf)).toEqual([0, 0, 1, 1, 4]);
    expect(colourOf(25)).toBe(SCALE[4]);
  });

  it('copes with nothing to show', () => {
    const { bounds, colourOf } = classes([]);
    expect(bounds).toEqual([1, 2, 3, 4, 5]);
    expect(colourOf(0)).toBe(SCALE[0]);
  });
});

describe('filters in the URL', () => {
  it('keeps only the filters that are set, in a fixed order', () => {
    expect(toQueryString({ urgent: 'true', from: '2025-01', district: '', measure: 'open' })).toBe('from=2025-01&urgent=true');
  });
});

describe('percent', () => {
  it('shows a dash when there is no share', () => {
    expect(percent(null, 'en')).toBe('–');
    expect(percent(0.5, 'en')).toBe('50%');
  });
});
