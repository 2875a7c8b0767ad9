import { describe, expect, it } from 'vitest';
import { splitSources } from './offer-sources';

const kcc = { title: 'Kent County Council, Care leavers local offer', url: 'https://www.kent.gov.uk/x' };
const copy = { title: 'KCC policy, copy on another website', url: 'https://docslib.org/x', kind: 'copy' as const };
const news = { title: 'KentOnline story', url: 'https://kentonline.co.uk/x', kind: 'news' as const };

describe('splitSources', () => {
  it('puts the official sources first and keeps copies and news for the full details', () => {
    expect(splitSources({ source: copy, moreSources: [kcc, news] })).toEqual({ official: [kcc], other: [copy, news] });
  });

  it('an entitlement sourced only from a copy shows no official source', () => {
    expect(splitSources({ source: copy })).toEqual({ official: [], other: [copy] });
  });
});
