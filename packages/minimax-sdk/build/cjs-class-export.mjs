// After tsup: makes `require('minimax-sdk')` give the client class itself, with every named export
// on it (and `default`, and `__esModule` so transpiled `import x from` still finds `default`), so
// `new (require('minimax-sdk'))()` and `const { MiniMax } = require('minimax-sdk')` both work.
import { appendFileSync, readFileSync } from 'node:fs';

const FOOTER = `
;/* minimax-cjs-class */ (() => {
  const named = module.exports;
  const MiniMax = named && named.MiniMax;
  if (typeof MiniMax !== 'function') return;
  for (const key of Object.keys(named)) if (!Object.hasOwn(MiniMax, key)) MiniMax[key] = named[key];
  if (!Object.hasOwn(MiniMax, 'default')) MiniMax.default = MiniMax;
  Object.defineProperty(MiniMax, '__esModule', { value: true });
  module.exports = MiniMax;
})();
`;

for (const file of ['dist/index.cjs', 'dist/index.web.cjs', 'dist/index.browser.cjs']) {
  if (!readFileSync(file, 'utf8').includes('minimax-cjs-class')) appendFileSync(file, FOOTER);
}
