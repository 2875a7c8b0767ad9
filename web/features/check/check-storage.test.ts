import { beforeEach, describe, expect, it } from 'vitest';
import { CHECK_STORAGE_KEY, clearCheck, loadCheck, saveCheck } from './check-storage';
import { storedDistrict } from './check-storage-key';

const codes = ['E07000114', 'E06000035', 'elsewhere_england', 'outside_england'];

describe('check answers on the phone', () => {
  beforeEach(() => localStorage.clear());

  it('saves, loads and clears', () => {
    expect(
      saveCheck({ answers: { age: 19, district: 'E07000114', lookedAfterBy: 'kent' }, step: 3, done: false }),
    ).toBe(true);
    expect(loadCheck(codes)).toEqual({
      answers: { age: 19, district: 'E07000114', lookedAfterBy: 'kent' },
      step: 3,
      done: false,
    });
    clearCheck();
    expect(localStorage.getItem(CHECK_STORAGE_KEY)).toBeNull();
    expect(loadCheck(codes)).toBeNull();
  });

  it('drops unknown or malformed values instead of trusting them', () => {
    localStorage.setItem(
      CHECK_STORAGE_KEY,
      JSON.stringify({ answers: { age: 'old', district: 'Narnia', parent: 'yes' }, step: -2, done: 'yes' }),
    );
    expect(loadCheck(codes)).toEqual({ answers: { parent: 'yes' }, step: 0, done: false });
    localStorage.setItem(CHECK_STORAGE_KEY, '{not json');
    expect(loadCheck(codes)).toBeNull();
  });
});

describe('the district remembered for the offer pages', () => {
  it('is read without the rules, and only when it is a known district', () => {
    localStorage.clear();
    expect(storedDistrict(codes)).toBeNull();
    saveCheck({ answers: { district: 'E06000035' }, step: 0, done: false });
    expect(storedDistrict(codes)).toBe('E06000035');
    saveCheck({ answers: { district: 'not_sure' }, step: 0, done: false });
    expect(storedDistrict(codes)).toBeNull();
  });
});
