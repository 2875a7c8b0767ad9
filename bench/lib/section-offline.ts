import type { BenchContext } from './context';
import type { SectionResult } from './results';

export async function offlineSection(_ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  throw new Error('not written yet');
}
