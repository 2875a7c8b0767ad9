export interface TermBase {
  keep: string[];
  terms: Record<string, { words: Record<string, string | undefined>; not?: Record<string, string[]> }>;
}
export type TermProblem =
  | { key: string; kind: 'keep'; term: string }
  | { key: string; kind: 'not'; term: string; variant: string; agreed: string | undefined };
export interface AgreedTerm {
  id: string;
  english: string;
  agreed: string | undefined;
}
export function strings(value: unknown, prefix?: string): Array<[string, string]>;
export function textProblems(termBase: TermBase, code: string, english: unknown, text: unknown): TermProblem[];
export function agreedTerms(termBase: TermBase, code: string, english: unknown): AgreedTerm[];
export function checkTerms(
  termBase: TermBase,
  files: Record<string, Record<string, unknown>>,
  glossaryEn: Record<string, { term: string }>,
  glossaries: Record<string, Record<string, { term: string }>>,
): string[];
