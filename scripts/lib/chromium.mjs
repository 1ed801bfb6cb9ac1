/**
 * How every script and test launches a browser: Debian's Chromium (never one downloaded by
 * Playwright), with the flags that keep it quiet and offline, and WebGPU enabled (on
 * http://localhost, a secure context, this gives a real adapter, SwiftShader on a machine
 * without a GPU).
 */

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch flags. */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--no-sandbox',
];
