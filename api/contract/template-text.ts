/**
 * A response template's text with its fields put in. No zod, Hono, DB or Vue imports: the phone fills a
 * staff note in its own language with this, without downloading the schemas of response-templates.ts.
 */

/** `text` with each {name} replaced by its field, shown by `show` (the phone formats dates in its language). */
export function fillTemplate(
  text: string,
  fields: Record<string, string>,
  show: (name: string, value: string) => string = (_, v) => v,
): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    fields[name] === undefined ? whole : show(name, fields[name]),
  );
}
