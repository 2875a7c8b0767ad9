/**
 * Read aloud with the browser's own speech (speechSynthesis): no network, nothing sent anywhere.
 * `available` is true only when the phone has a voice for the language, so the button can hide
 * itself otherwise (a wrong-language voice reading Arabic text helps nobody).
 */
import { computed, onBeforeUnmount, ref, type Ref } from 'vue';

const synth = (): SpeechSynthesis | undefined =>
  typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined;

/** The best voice for a BCP 47 code: exact match first, then the same language (fa-AF → fa-IR). */
export function pickVoice(voices: readonly Pick<SpeechSynthesisVoice, 'lang'>[], lang: string): number {
  const wanted = lang.toLowerCase();
  const base = wanted.split('-')[0];
  const exact = voices.findIndex((v) => v.lang.toLowerCase().replace('_', '-') === wanted);
  if (exact >= 0) return exact;
  return voices.findIndex((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === base);
}

export function useReadAloud(lang: Ref<string>) {
  const voices = ref<SpeechSynthesisVoice[]>([]);
  const speaking = ref(false);
  const s = synth();

  const refresh = () => (voices.value = s?.getVoices() ?? []);
  if (s) {
    refresh();
    s.addEventListener?.('voiceschanged', refresh);
  }

  const voice = computed(() => {
    const i = pickVoice(voices.value, lang.value);
    return i >= 0 ? voices.value[i] : undefined;
  });
  const available = computed(() => !!s && !!voice.value);

  function stop() {
    s?.cancel();
    speaking.value = false;
  }

  function read(lines: string[]) {
    if (!s || !voice.value) return;
    stop();
    const chosen = voice.value;
    lines.forEach((line, i) => {
      const u = new SpeechSynthesisUtterance(line);
      u.voice = chosen;
      u.lang = chosen.lang;
      if (i === lines.length - 1) u.onend = () => (speaking.value = false);
      u.onerror = () => (speaking.value = false);
      s.speak(u);
    });
    speaking.value = true;
  }

  onBeforeUnmount(() => {
    s?.removeEventListener?.('voiceschanged', refresh);
    if (speaking.value) stop();
  });

  return { available, speaking, read, stop };
}
