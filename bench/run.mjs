// `npm run bench`: bundles the TypeScript benchmark (bench/main.ts) with esbuild into
// bench/.out/ (npm packages stay external) and runs it. No build of the site is needed.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const outfile = here('./.out/main.mjs');
await build({
  entryPoints: [here('./main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await import(outfile);
// ONNX Runtime's thread pools can keep Node alive for a while after the last figure.
process.exit(process.exitCode ?? 0);
