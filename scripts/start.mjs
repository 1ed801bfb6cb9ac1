// One command from a fresh clone to a running site: installs dependencies when they are
// missing or out of date, builds the site with the embedded model, and serves it locally.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const run = (cmd) => {
  console.log(`\n> ${cmd}`);
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
};
const stamp = 'node_modules/.package-lock.json';
if (!existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs) run('npm ci');
run('npm run build');
const port = process.env.PORT ?? '4321';
console.log(`\nLM Notes is served at http://localhost:${port}/  (Ctrl+C to stop)`);
spawnSync('npx', ['astro', 'preview', '--port', port], { stdio: 'inherit' });
