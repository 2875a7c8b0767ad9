// @vitest-environment node
// (node: CompressionStream, Blob streams and Response as browsers have them)
import { describe, expect, it } from 'vitest';
import { decodeSummary, encodeSummary, packSummary, unpackSummary } from './visit-share-code';

const summary = {
  lang: 'ti' as const,
  createdAt: Date.UTC(2026, 10, 23),
  paContact: 'Sam, 07700 900123',
  marks: {
    bursary: { status: 'getting' as const, note: 'ኣብ ወርሒ' },
    council_tax: { status: 'apply' as const, step: { who: 'pa' as const, what: 'Send the form', by: '2026-12-10' } },
    staying_put: { status: 'not_eligible' as const },
    rent_guarantor: { status: 'not_now' as const },
  },
};

describe('summary in a link', () => {
  it('carries only what the summary shows', () => {
    const packed = packSummary(summary);
    expect(packed.m.map((m) => m[0])).toEqual(['bursary', 'council_tax', 'rent_guarantor']);
    const { staying_put: notShown, ...shown } = summary.marks;
    expect(notShown.status).toBe('not_eligible');
    expect(unpackSummary(packed)).toEqual({ ...summary, marks: shown });
  });

  it('round-trips through a compressed, URL-safe code', async () => {
    const code = await encodeSummary(summary);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(code.length).toBeLessThan(400);
    const back = await decodeSummary(`#${code}`);
    expect(back?.lang).toBe('ti');
    expect(back?.paContact).toBe('Sam, 07700 900123');
    expect(back?.marks.council_tax).toEqual(summary.marks.council_tax);
    expect(back?.marks.bursary?.note).toBe('ኣብ ወርሒ');
  });

  it('refuses broken, cut or foreign codes', async () => {
    const code = await encodeSummary(summary);
    expect(await decodeSummary(code.slice(0, code.length - 8))).toBeNull();
    expect(await decodeSummary('')).toBeNull();
    expect(await decodeSummary('not a code!')).toBeNull();
    expect(unpackSummary({ v: 2, l: 'ti', c: 1, m: [] })).toBeNull();
    expect(unpackSummary({ v: 1, l: 'xx', c: 1, m: [] })).toBeNull();
    expect(unpackSummary({ v: 1, l: 'en', c: 1, m: [['<script>', 0, -1, '', '', '']] })?.marks).toEqual({});
  });
});
