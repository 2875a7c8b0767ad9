import { chromiumPath } from './browser';

/**
 * Without Debian's Chromium, the packaged one unpacks itself into the temp dir on first use and later calls
 * take whatever is there. Browser files run two at a time, so it is unpacked once here, before any of them,
 * and no file can launch a half-written copy.
 */
export default async function unpackChromium(): Promise<void> {
  await chromiumPath();
}
