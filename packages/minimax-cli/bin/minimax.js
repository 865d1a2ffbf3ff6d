#!/usr/bin/env node
// The `minimax` bin. It is a committed file rather than dist/bin.js itself because npm links a
// bin at install time only if its file exists then: in this repository `npm ci` runs before the
// build, and `npx minimax` must work after `npm ci && npm run demo`.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('minimax: the CLI is not built yet; run `npm run build` first.\n');
    process.exit(1);
  }
  throw error;
}
