// Whether dist/ is up to date with the sources, so `npm start` can skip the build. A build
// that finishes writes dist/.build-complete (the "postbuild" script; Astro empties dist/ when
// a build starts, so a failed build leaves no stamp); the build is fresh when that stamp is
// newer than every file under the sources below.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What a build reads: the site's sources, its static files, its config and the dependencies. */
export const BUILD_INPUTS = ['src', 'public', 'astro.config.mjs', 'package-lock.json', 'package.json', 'tsconfig.json'];

/** Generated under public/ by every build or dev run (from node_modules): not a source. */
export const GENERATED = ['public/ort'];

/** The stamp a finished build leaves in dist/. */
export const STAMP = 'dist/.build-complete';

/** Newest modification time (ms) of a file or of every file below a folder (0 when missing). */
export function newestMtime(path, skip = []) {
  if (!existsSync(path) || skip.includes(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name), skip));
  return newest;
}

/** Whether the build in `root`/dist is newer than every input (false when it never finished). */
export function buildIsFresh(root = '.') {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return false;
  const skip = GENERATED.map((p) => join(root, p));
  const newest = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(root, p), skip)));
  return statSync(stamp).mtimeMs > newest;
}
