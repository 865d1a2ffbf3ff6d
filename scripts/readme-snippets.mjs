// Writes every ```ts block of README.md to examples/readme-snippets/ so `tsc -p examples` typechecks the
// README along with the examples. A block may use `client`, `signal` and `player` without defining
// them; everything else it needs it imports itself.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const out = new URL('../examples/readme-snippets/', import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
blocks.forEach((code, index) => {
  const lines = [];
  if (!/import MiniMax\b/.test(code)) lines.push("import type MiniMax from 'minimax-sdk';");
  if (!/(const|let|var) client\b/.test(code)) lines.push('declare const client: MiniMax;');
  if (!/\bsignal\b.*=/.test(code)) lines.push('declare const signal: AbortSignal;');
  lines.push('declare const player: { write(chunk: Uint8Array): void };');
  lines.push('export {};');
  writeFileSync(
    new URL(`snippet-${String(index + 1).padStart(2, '0')}.ts`, out),
    `${lines.join('\n')}\n${code}`,
  );
});
console.log(`README: ${blocks.length} TypeScript snippets written for typechecking`);
