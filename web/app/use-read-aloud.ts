/**
 * Read aloud with the browser's own speech (speechSynthesis): no network, nothing sent anywhere. Where the
 * phone has no voice for the language, the build's recording of `recorded` (web/app/recorded-audio.ts) is
 * played instead, fetched when asked for; `available` is false when there is neither (a wrong-language voice
 * reading Arabic text helps nobody), and `failed` when the recording could not be fetched (offline).
 */
import { computed, onBeforeUnmount, ref, type Ref } from 'vue';
import { recordingPath } from './recorded-audio';

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

export function useReadAloud(lang: Ref<string>, recorded: Ref<readonly string[]>) {
  const voices = ref<SpeechSynthesisVoice[]>([]);
  const speaking = ref(false);
  const failed = ref(false);
  const s = synth();
  let player: HTMLAudioElement | undefined;

  const refresh = () => (voices.value = s?.getVoices() ?? []);
  if (s) {
    refresh();
    s.addEventListener?.('voiceschanged', refresh);
  }

  const voice = computed(() => {
    const i = pickVoice(voices.value, lang.value);
    return i >= 0 ? voices.value[i] : undefined;
  });
  const recording = computed(() => (voice.value ? null : recordingPath(lang.value, recorded.value)));
  const available = computed(() => (!!s && !!voice.value) || !!recording.value);

  function stop() {
    s?.cancel();
    player?.pause();
    player = undefined;
    speaking.value = false;
  }

  function play(path: string) {
    const audio = new Audio(`/${path}`);
    const ended = (ok: boolean) => {
      if (player !== audio) return;
      player = undefined;
      speaking.value = false;
      failed.value = !ok;
    };
    audio.onended = () => ended(true);
    audio.onerror = () => ended(false);
    player = audio;
    speaking.value = true;
    failed.value = false;
    audio.play().catch(() => ended(false));
  }

  function read(lines: string[]) {
    stop();
    if (recording.value) return play(recording.value);
    if (!s || !voice.value) return;
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

  return { available, speaking, failed, read, stop };
}
