import { describe, expect, it } from 'vitest';
import { classes, percent, periodWords, SCALE } from './dashboard-format';
import { toQueryString } from './use-dashboard-filters';

describe('choropleth classes', () => {
  it('keeps 0 apart, then round steps up to the largest value', () => {
    const { bins, classOf, colourOf } = classes([0, 3, 10, 25]);
    expect(bins.map((b) => [b.from, b.to])).toEqual([
      [0, 0],
      [1, 10],
      [11, 20],
      [21, 30],
      [31, 40],
    ]);
    expect([0, 1, 10, 11, 25].map(classOf)).toEqual([0, 1, 1, 2, 3]);
    expect(colourOf(0)).toBe(SCALE[0]);
  });

  it('small counts get a class each: 1 report never looks like none', () => {
    const { bins, classOf } = classes([0, 1, 2, 3]);
    expect(bins.map((b) => [b.from, b.to])).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    expect([0, 1, 3].map(classOf)).toEqual([0, 1, 3]);
  });

  it('rates step by tenths', () => {
    const { bins } = classes([0.4, 1.7], 0.1);
    expect(bins.map((b) => [b.from, b.to])).toEqual([
      [0, 0],
      [0.1, 0.5],
      [0.6, 1],
      [1.1, 1.5],
      [1.6, 2],
    ]);
  });

  it('copes with nothing to show', () => {
    const { bins, colourOf } = classes([]);
    expect(bins.map((b) => b.to)).toEqual([0, 1, 2, 3, 4]);
    expect(colourOf(0)).toBe(SCALE[0]);
  });
});

describe('periods in words', () => {
  it('names the year once within a year, twice across two', () => {
    expect(periodWords({ from: '2026-01', to: '2026-12' }, 'en')).toEqual({ from: 'January', to: 'December 2026' });
    expect(periodWords({ from: '2025-11', to: '2026-02' }, 'en')).toEqual({
      from: 'November 2025',
      to: 'February 2026',
    });
  });
});

describe('filters in the URL', () => {
  it('keeps only the filters that are set, in a fixed order', () => {
    expect(toQueryString({ urgent: 'true', from: '2025-01', district: '', measure: 'open' })).toBe(
      'from=2025-01&urgent=true',
    );
  });
});

describe('percent', () => {
  it('shows a dash when there is no share', () => {
    expect(percent(null, 'en')).toBe('–');
    expect(percent(0.5, 'en')).toBe('50%');
  });
});
