// One command from a fresh clone to a running site: checks the Node version, installs
// dependencies when they are missing or out of date, builds the site with the embedded model
// unless dist/ is already newer than every source, and serves it locally.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { nodeVersionProblem } from './lib/node-version.mjs';
import { buildIsFresh, STAMP } from './lib/build-freshness.mjs';

const problem = nodeVersionProblem(process.version);
if (problem) {
  console.error(problem);
  process.exit(1);
}

// onnxruntime-node's install script would download CUDA files (and fail offline); its CPU
// binaries ship in the npm package. npm 11 skips it anyway (package.json "allowScripts").
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
const run = (cmd) => {
  console.log(`\n> ${cmd}`);
  execSync(cmd, { stdio: 'inherit', env });
};
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs) run('npm ci --no-audit --no-fund');
if (buildIsFresh()) console.log(`\nThe site in dist/ is newer than every source (${STAMP}): not rebuilding. Delete dist/ to force a build.`);
else run('npm run build');
const port = process.env.PORT ?? '4321';
console.log(`\nLM Notes is served at http://localhost:${port}/  (Ctrl+C to stop)`);
spawnSync('npx', ['astro', 'preview', '--port', port], { stdio: 'inherit', env });
