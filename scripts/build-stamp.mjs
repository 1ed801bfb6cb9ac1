// Run by "postbuild" (only after a build that succeeded): marks dist/ as complete, so that
// `npm start` can tell an up-to-date build from a stale or half-written one.
import { writeFileSync } from 'node:fs';
import { STAMP } from './lib/build-freshness.mjs';

writeFileSync(STAMP, `${new Date().toISOString()}\n`);
