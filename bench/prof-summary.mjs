#!/usr/bin/env node
/**
 * Summarises a `.cpuprofile`: self time by function (with file:line), and total (inclusive) time
 * for the functions whose file matches FILTER (default: the SDK's dist or src).
 *
 *   node bench/prof-summary.mjs bench/results/CPU.*.cpuprofile [top=30]
 */
import { readFile } from 'node:fs/promises';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 30);
const filter = new RegExp(process.env.FILTER ?? 'minimax-sdk|bench/\\.tmp/sdk');
const profile = JSON.parse(await readFile(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function label(n) {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^file:\/\/\/work\/main\//, '')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
}

const selfBy = new Map();
const inclBy = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  const key = label(n);
  selfBy.set(key, (selfBy.get(key) ?? 0) + us);
  // Inclusive: credit every distinct ancestor frame once per sample.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = label(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclBy.set(k, (inclBy.get(k) ?? 0) + us);
  }
}

const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log('\nself time:');
for (const [k, us] of [...selfBy].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(us)} ${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}
console.log(`\ninclusive time, frames matching ${filter}:`);
for (const [k, us] of [...inclBy]
  .filter(([k]) => filter.test(k))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  console.log(`${pct(us)} ${(us / 1000).toFixed(1).padStart(8)} ms  ${k}`);
}
