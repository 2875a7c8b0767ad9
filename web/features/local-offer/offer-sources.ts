/**
 * Which sources a young person sees under "Where this comes from" (the official ones), and which wait in
 * the full details (copies of official documents on other websites, news and commentary: `kind` in the pack).
 */
import type { Source } from '#contract/content';

export function splitSources(facts: { source: Source; moreSources?: Source[] }): {
  official: Source[];
  other: Source[];
} {
  const all = [facts.source, ...(facts.moreSources ?? [])];
  return { official: all.filter((s) => !s.kind), other: all.filter((s) => s.kind) };
}
