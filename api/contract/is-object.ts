/**
 * A JSON object (not null, not a list): how the content pack's items, a request's values and the studio's
 * form values are told apart from lines and lists. Zod-free, so the web app imports it without the schemas.
 */
export const isObject = <T = unknown>(v: unknown): v is Record<string, T> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
