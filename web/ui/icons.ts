import icons from './icons/icons.json';

const byEmoji: Record<string, string> = icons.emoji;
const names = new Set([...Object.values(byEmoji), ...icons.ui]);

/** The sprite's icon for an icon name or a content emoji (variation selectors ignored); undefined if none. */
export function iconName(nameOrEmoji: string): string | undefined {
  if (names.has(nameOrEmoji)) return nameOrEmoji;
  return byEmoji[nameOrEmoji.replace(/\uFE0F/g, '')];
}
