/**
 * Which Chromium the browser tests and the bench launch, and how: CHROMIUM_PATH when set, Debian's
 * `chromium` where it is installed (CI), else the self-contained build of the `@sparticuz/chromium` dev
 * dependency, unpacked to the temp folder on first use, so `npm test` needs nothing but Node.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_FLAGS } from './paths';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** CHROMIUM_PATH when set, Debian's Chromium when installed, else the npm-packaged one. */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const packaged = (await import('@sparticuz/chromium')).default;
  // It unpacks a Latin font to <tmp>/fonts with a fonts.conf that has no default families, so pages
  // render no text at all: our config keeps the machine's fonts and falls back to that font.
  process.env.FONTCONFIG_PATH ??= packagedFontConfig();
  // it also sets LD_LIBRARY_PATH for its own libraries; the browser inherits both
  return packaged.executablePath();
}

function packagedFontConfig(): string {
  const dir = join(tmpdir(), 'clh-chromium-fontconfig');
  mkdirSync(dir, { recursive: true });
  const fallback = (family: string) =>
    `<alias><family>${family}</family><accept><family>Open Sans</family></accept></alias>`;
  writeFileSync(
    join(dir, 'fonts.conf'),
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${join(tmpdir(), 'fonts')}</dir>
  <cachedir>${join(dir, 'cache')}</cachedir>
  ${['sans-serif', 'serif', 'monospace'].map(fallback).join('\n  ')}
</fontconfig>
`,
  );
  return dir;
}

/** Headless Chromium with the shared flags, and any more a caller needs. */
export async function launchChromium(extraArgs: string[] = [], env?: Record<string, string>): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    ...(env && { env: { ...process.env, ...env } }),
  });
}
