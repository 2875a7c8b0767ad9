/**
 * The build's half of recorded read-aloud (web/app/recorded-audio.ts): each recorded language's
 * entitlements (title and easy-read lines) and urgent help, spoken by eSpeak NG (its WebAssembly build from
 * npm, so no system package is needed) and encoded as MP3 at 16 kbit/s, mono: speech at about 2 KB a
 * second, for people who pay for their data. The files go to dist/audio/<locale>/, are never precached, and
 * are kept in node_modules/.cache between builds (a recording depends only on its words and voice).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Plugin } from 'vite';
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

interface Recording {
  voice: string;
  text: string;
  /** the cache file it is written to */
  file: string;
}

/**
 * Records what is not in the cache yet, one recorder (scripts/recorded-audio-worker.mjs) a core: a fresh
 * clone has every recording to make, and one after the other they were most of its build. Each recorder
 * asks for the next recording when it has written one, so a long one holds up no other.
 */
async function record(root: string, recordings: Recording[]): Promise<void> {
  const wasmFile = join(createRequire(import.meta.url).resolve('espeak-ng'), '../espeak-ng.wasm');
  const queue = [...recordings];
  const recorder = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(join(root, 'scripts/recorded-audio-worker.mjs'), { workerData: { wasmFile } });
      const next = () => {
        const recording = queue.shift();
        if (recording) worker.postMessage(recording);
        else void worker.terminate().then(() => resolve(), reject);
      };
      worker.on('message', next);
      worker.on('error', (error) => {
        queue.length = 0; // the others stop after their current recording
        reject(error);
      });
      next();
    });
  const count = Math.min(availableParallelism(), recordings.length);
  await Promise.all(Array.from({ length: count }, recorder));
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
      const cache = join(root, 'node_modules/.cache/recorded-audio');
      mkdirSync(cache, { recursive: true });
      const recordings = Object.entries(RECORDED_VOICES).flatMap(([locale, voice]) =>
        recordingsOf(root, locale).map(({ path, lines }) => ({
          path,
          voice,
          text: lines.join('\n'),
          file: join(cache, path.replaceAll('/', '_')),
        })),
      );
      // two entitlements of a language with the same words have the same file: it is recorded once
      const missing = new Map(recordings.filter((r) => !existsSync(r.file)).map((r) => [r.file, r]));
      await record(
        root,
        [...missing.values()].map(({ voice, text, file }) => ({ voice, text, file })),
      );
      for (const { path, file } of recordings)
        this.emitFile({ type: 'asset', fileName: path, source: readFileSync(file) });
    },
  };
}
