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

/** A template as the phone and staff's pages use it: its fields and its words in the languages it has. */
export interface TemplateOf {
  id: string;
  fields: string[];
  text: Partial<Record<string, { text: string; status?: string }>>;
}

/**
 * The templates of `built` (the pack the app is built with) with the published version's items laid over
 * them: `responseTemplates.<id>` (a template's fields; null: gone) and `text.<locale>.responseTemplates.<id>`
 * (its words in a language). A template only the items have is added once it has its fields.
 */
export function withTemplateItems(
  built: readonly TemplateOf[],
  items: Readonly<Record<string, unknown>>,
): TemplateOf[] {
  const keys = Object.keys(items).filter((k) => k.includes('responseTemplates.'));
  if (!keys.length) return built as TemplateOf[];
  const byId = new Map(built.map((t) => [t.id, { ...t, text: { ...t.text } }]));
  for (const key of keys) {
    const [part, id, rest] = key.split('.');
    if (part === 'responseTemplates' && id && rest === undefined) {
      const facts = items[key] as { fields: string[] } | null;
      if (!facts) byId.delete(id);
      else byId.set(id, { id, fields: facts.fields, text: byId.get(id)?.text ?? {} });
    }
  }
  for (const key of keys) {
    const [part, locale, section, id, ...more] = key.split('.');
    if (part !== 'text' || section !== 'responseTemplates' || !locale || !id || more.length) continue;
    const template = byId.get(id);
    if (!template) continue;
    const words = items[key] as TemplateOf['text'][string] | null;
    if (words) template.text[locale] = words;
    else delete template.text[locale];
  }
  return [...byId.values()];
}
