#!/usr/bin/env node
// The `minimax-mcp` bin, committed rather than pointing at dist/bin.js, because npm links a bin
// at install time only if its file exists then; in this repository `npm ci` runs before the build,
// and `npx minimax-mcp` must work after `npm ci && npm run build`. Before a build, Node's own
// "Cannot find module …/dist/bin.js" says what is missing.
await import('../dist/bin.js');
