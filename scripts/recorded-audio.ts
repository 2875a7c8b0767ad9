/**
 * The build's half of recorded read-aloud (web/app/recorded-audio.ts): each recorded language's
 * entitlements (title and easy-read lines) and urgent help, spoken by eSpeak NG (its WebAssembly build from
 * npm, so no system package is needed) and encoded as MP3 at 16 kbit/s, mono: speech at about 2 KB a
 * second, for people who pay for their data. The files go to dist/audio/<locale>/, are never precached, and
 * are kept in node_modules/.cache between builds (a recording depends only on its words and voice).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import ESpeakNg from 'espeak-ng';
import { createMp3Encoder } from 'wasm-media-encoders';
import {
  RECORDED_VOICES,
  entitlementRecording,
  recordingPath,
  urgentHelpRecording,
} from '../web/app/recorded-audio.ts';

interface PackText {
  entitlements: Record<string, { title: string; easyRead: string[] }>;
  urgentHelp: { title: string; intro: string; steps: string[] };
}

const SPEED_WPM = 140; // a little slower than eSpeak's 175: many listeners are reading a new language
const BITRATE_KBPS = 16;

/** Every recording of `locale`: its path in dist/ and the lines spoken. */
function recordingsOf(root: string, locale: string): { path: string; lines: string[] }[] {
  const read = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
  const text = read(`content/kent/text/${locale}.json`) as PackText;
  const ui = read(`locales/${locale}.json`) as { report: { help: { call_999: string } } };
  return [
    ...Object.values(text.entitlements).map(entitlementRecording),
    urgentHelpRecording(text.urgentHelp, ui.report.help.call_999),
  ].map((lines) => ({ path: recordingPath(locale, lines)!, lines }));
}

/** One eSpeak NG run (the engine is a command line program: a fresh instance of the compiled module each time). */
async function speak(wasm: WebAssembly.Module, voice: string, text: string) {
  const engine = await ESpeakNg({
    arguments: ['-v', voice, '-s', String(SPEED_WPM), '-w', 'out.wav', text],
    instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
      void WebAssembly.instantiate(wasm, imports).then((instance) => done(instance, wasm));
      return {};
    },
  });
  const wav = engine.FS.readFile('out.wav') as Uint8Array;
  // 16-bit mono PCM after the 44-byte header, at the rate the header gives
  const sampleRate = new DataView(wav.buffer, wav.byteOffset).getUint32(24, true);
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  return { samples: Float32Array.from(samples, (s) => s / 32768), sampleRate };
}

async function encodeMp3(samples: Float32Array, sampleRate: number): Promise<Uint8Array> {
  const encoder = await createMp3Encoder();
  encoder.configure({ sampleRate, channels: 1, bitrate: BITRATE_KBPS });
  const body = encoder.encode([samples]).slice(); // the encoder owns its buffers: copy before the next call
  const tail = encoder.finalize().slice();
  const mp3 = new Uint8Array(body.length + tail.length);
  mp3.set(body);
  mp3.set(tail, body.length);
  return mp3;
}

export function recordedAudio(root: string): Plugin {
  let client = false;
  return {
    name: 'recorded-audio',
    apply: 'build',
    configResolved(config) {
      client = !config.build.ssr;
    },
    async generateBundle() {
      if (!client) return;
      const require = createRequire(import.meta.url);
      const wasmFile = join(require.resolve('espeak-ng'), '../espeak-ng.wasm');
      let wasm: WebAssembly.Module | undefined;
      const cache = join(root, 'node_modules/.cache/recorded-audio');
      mkdirSync(cache, { recursive: true });
      for (const [locale, voice] of Object.entries(RECORDED_VOICES)) {
        for (const { path, lines } of recordingsOf(root, locale)) {
          const cached = join(cache, path.replaceAll('/', '_'));
          if (!existsSync(cached)) {
            wasm ??= await WebAssembly.compile(readFileSync(wasmFile));
            const { samples, sampleRate } = await speak(wasm, voice, lines.join('\n'));
            writeFileSync(cached, await encodeMp3(samples, sampleRate));
          }
          this.emitFile({ type: 'asset', fileName: path, source: readFileSync(cached) });
        }
      }
    },
  };
}
