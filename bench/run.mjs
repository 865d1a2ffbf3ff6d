#!/usr/bin/env node
/**
 * `npm run bench` (after the build): runs every case, prints a table, writes
 * bench/results/latest.json and bench/results/latest.md. Always exits 0; a missed target or a
 * failing case shows in the table, not in the exit code.
 *
 * Environment:
 *   BENCH_SCALE=0.01     shrink every size (1 = the issue's sizes)
 *   BENCH_ONLY=text.create,import   run only these cases
 *   BENCH_OUT=path.json  write the report elsewhere (default bench/results/latest.json)
 *   BENCH_SDK=file.js    load "ours" from this ESM build instead of minimax-sdk (candidate fixes)
 *
 * A full default run (no BENCH_* variable) also rewrites the table in BENCHMARKS.md.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, textTable } from './format.mjs';
import { runSuite } from './suite.mjs';

const DOC = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const START = /<!-- bench:latest:start[^>]*-->/;
const END = '<!-- bench:latest:end -->';

async function updateDoc(report) {
  let doc;
  try {
    doc = await readFile(DOC, 'utf8');
  } catch {
    return;
  }
  const start = START.exec(doc);
  const end = doc.indexOf(END);
  if (!start || end < start.index) return;
  const head = doc.slice(0, start.index + start[0].length);
  await writeFile(DOC, `${head}\n\n${markdownTable(report)}\n\n${doc.slice(end)}`);
  console.log(`updated the table in ${DOC}`);
}

const scale = Number(process.env.BENCH_SCALE ?? 1) || 1;
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined;
const out = process.env.BENCH_OUT ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));

try {
  console.log(`minimax-sdk benchmarks (scale ${scale}${only ? `, only ${only.join(', ')}` : ''})`);
  const report = await runSuite({
    scale,
    only,
    log: (name, rows, seconds) => {
      const status = rows
        .map((r) => (r.errors ? 'error' : r.target === null ? 'reported' : r.met ? 'met' : 'missed'))
        .join('/');
      console.log(`  ${name.padEnd(22)} ${seconds.toFixed(1).padStart(6)} s  ${status}`);
    },
  });
  console.log('');
  console.log(textTable(report));
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(out.replace(/\.json$/, '.md'), `${markdownTable(report)}\n`);
  // A full default run also refreshes the table in BENCHMARKS.md (between its markers).
  if (!process.env.BENCH_OUT && !only && scale === 1 && !process.env.BENCH_SDK) await updateDoc(report);
  console.log(`\nwrote ${out} (${report.duration_s} s)`);
} catch (error) {
  console.error('benchmark run failed:', error);
}
process.exit(0);
