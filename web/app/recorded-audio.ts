/**
 * Recordings for phones with no voice for their language. The build records each entitlement's easy-read
 * lines and the urgent-help steps with eSpeak NG, an open-source speech engine, in the languages it speaks
 * (scripts/recorded-audio.ts); the phone fetches one when "Read aloud" is pressed, never ahead of time.
 * eSpeak NG has no Tigrinya, Sorani or Pashto voice: those pages ask the person's PA to read with them.
 * A recording's name is a hash of its words, so changed words (a content update) simply have none.
 */

/** The app's languages that are recorded, with the eSpeak NG voice that reads each (Dari as Persian). */
export const RECORDED_VOICES: Readonly<Record<string, string>> = { ar: 'ar', 'fa-AF': 'fa', sq: 'sq', vi: 'vi' };

/** What is recorded of an entitlement: its title and easy-read lines, as the page shows them first. */
export const entitlementRecording = (words: { title: string; easyRead: readonly string[] }) => [
  words.title,
  ...words.easyRead,
];

/** What is recorded of urgent help: its title, "call 999", the introduction and the steps. */
export const urgentHelpRecording = (
  help: { title: string; intro: string; steps: readonly string[] },
  call999: string,
) => [help.title, call999, help.intro, ...help.steps];

/** A 53-bit hash of the lines (cyrb53): a stable name for their recording, the same in the build and on the phone. */
function recordingKey(lines: readonly string[]): string {
  const text = lines.join('\n');
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Where the recording of these lines in `locale` is (relative to the site), or null for a language not recorded. */
export function recordingPath(locale: string, lines: readonly string[]): string | null {
  if (!(locale in RECORDED_VOICES) || lines.length === 0) return null;
  return `audio/${locale}/${recordingKey(lines)}.mp3`;
}
