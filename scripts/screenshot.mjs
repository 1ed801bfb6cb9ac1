// Takes a screenshot of a page of the built site:
//   node scripts/screenshot.mjs [path] [out.png] [light|dark] [width, e.g. 390 for a phone]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { chromiumArgs, chromiumPath } from './lib/chromium.mjs';

const [path = '/', out = 'docs/screenshot.png', scheme = 'light', widthArg = '1280'] = process.argv.slice(2);
const width = Number(widthArg);
const port = 4399;
const server = spawn('node_modules/.bin/astro', ['preview', '--port', String(port), '--host', 'localhost'], {
  stdio: 'ignore',
});
try {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`http://localhost:${port}/`)).ok) break;
    } catch {
      // not up yet: try again
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: chromiumArgs,
  });
  const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 860 }, colorScheme: scheme });
  await page.goto(`http://localhost:${port}${path}`);
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  server.kill();
}
