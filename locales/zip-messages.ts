/**
 * A language file arrives as its strings only, in a list; the shape of the file (its keys, with each
 * string's place in the list) is shared by all eight languages and downloaded once. Keys repeated in every
 * language were about an eighth of the words the phone keeps offline. The build writes both halves
 * (vite.config.ts, jsonSections); this puts a language's file back together.
 */
export type MessageShape = number | MessageShape[] | { [key: string]: MessageShape };

/** The file as it was, without the strings this language does not have (vue-i18n falls back for those). */
export function unzipMessages(shape: MessageShape, values: readonly unknown[]): unknown {
  if (typeof shape === 'number') return values[shape] ?? undefined;
  if (Array.isArray(shape)) {
    const list = shape.map((s) => unzipMessages(s, values)).filter((v) => v !== undefined);
    return list.length === 0 && shape.length > 0 ? undefined : list;
  }
  const entries = Object.entries(shape)
    .map(([key, s]) => [key, unzipMessages(s, values)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length === 0 && Object.keys(shape).length > 0 ? undefined : Object.fromEntries(entries);
}

/** The build's half: the shape of several files (the first one's order first), and each file's strings. */
export function zipMessages(files: readonly unknown[]): { shape: MessageShape; values: (string | null)[][] } {
  let count = 0;
  const merge = (into: MessageShape | undefined, value: unknown): MessageShape => {
    if (typeof value === 'string') return typeof into === 'number' ? into : count++;
    if (Array.isArray(value)) {
      const list = Array.isArray(into) ? into : [];
      value.forEach((v, i) => (list[i] = merge(list[i], v)));
      return list;
    }
    if (value && typeof value === 'object') {
      const object = into && typeof into === 'object' && !Array.isArray(into) ? into : {};
      for (const [k, v] of Object.entries(value)) object[k] = merge(object[k], v);
      return object;
    }
    throw new Error(`Only strings can be zipped, not ${JSON.stringify(value)}`);
  };
  let shape: MessageShape = {};
  for (const file of files) shape = merge(shape, file);
  const values = files.map((file) => {
    const list: (string | null)[] = Array.from({ length: count }, () => null);
    const fill = (s: MessageShape, value: unknown) => {
      if (typeof s === 'number') {
        if (typeof value === 'string') list[s] = value;
      } else if (value && typeof value === 'object') {
        for (const [k, sub] of Object.entries(s)) fill(sub, (value as Record<string, unknown>)[k]);
      }
    };
    fill(shape, file);
    return list;
  });
  return { shape, values };
}
