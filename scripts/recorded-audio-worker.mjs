/**
 * One of the build's recorders (scripts/recorded-audio.ts starts one a core): it takes a recording at a time
 * from the build, speaks it with eSpeak NG, encodes it as MP3 and writes it to the cache file named, then
 * asks for the next. Each recording is a fresh engine and a fresh encoder, as it was one after the other, so
 * the files are the same bytes whichever recorder made them. Plain JavaScript: Node runs it as it is.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import ESpeakNg from 'espeak-ng';
import { createMp3Encoder } from 'wasm-media-encoders';

const SPEED_WPM = 140; // a little slower than eSpeak's 175: many listeners are reading a new language
const BITRATE_KBPS = 16;

/** @type {WebAssembly.Module} */
const wasm = await WebAssembly.compile(readFileSync(workerData.wasmFile));

/**
 * One eSpeak NG run (the engine is a command line program: a fresh instance of the compiled module each time).
 * @param {string} voice
 * @param {string} text
 */
async function speak(voice, text) {
  const engine = await ESpeakNg({
    arguments: ['-v', voice, '-s', String(SPEED_WPM), '-w', 'out.wav', text],
    instantiateWasm(imports, done) {
      void WebAssembly.instantiate(wasm, imports).then((instance) => done(instance, wasm));
      return {};
    },
  });
  /** @type {Uint8Array} */
  const wav = engine.FS.readFile('out.wav');
  // 16-bit mono PCM after the 44-byte header, at the rate the header gives
  const sampleRate = new DataView(wav.buffer, wav.byteOffset).getUint32(24, true);
  const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
  return { samples: Float32Array.from(samples, (s) => s / 32768), sampleRate };
}

/**
 * @param {Float32Array} samples
 * @param {number} sampleRate
 */
async function encodeMp3(samples, sampleRate) {
  const encoder = await createMp3Encoder();
  encoder.configure({ sampleRate, channels: 1, bitrate: BITRATE_KBPS });
  const body = encoder.encode([samples]).slice(); // the encoder owns its buffers: copy before the next call
  const tail = encoder.finalize().slice();
  const mp3 = new Uint8Array(body.length + tail.length);
  mp3.set(body);
  mp3.set(tail, body.length);
  return mp3;
}

parentPort?.on('message', async (/** @type {{ voice: string; text: string; file: string }} */ job) => {
  const { samples, sampleRate } = await speak(job.voice, job.text);
  // written whole, then named: a build stopped halfway leaves no half a file for the next to take as recorded
  const part = `${job.file}.${process.pid}-${threadId}`;
  writeFileSync(part, await encodeMp3(samples, sampleRate));
  renameSync(part, job.file);
  parentPort?.postMessage(job.file);
});
