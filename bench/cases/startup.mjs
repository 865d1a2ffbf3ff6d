/** import: cold `import()` of each package in a new process, against bare node. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  alternate,
  baselinesOf,
  errorsOf,
  median,
  now,
  ROOT,
  round,
  row,
  SDK_SPECIFIER,
  sampleMap,
} from '../lib.mjs';

/** Each probe prints how long its own `import()` took, measured inside the process. */
const probe = (specifier) =>
  specifier
    ? `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`
    : 'process.stdout.write("0");';

/** An empty ES module: what Node's ESM loader costs on first use, with no package code at all. */
const EMPTY_MODULE = pathToFileURL(fileURLToPath(new URL('../fixtures/empty.mjs', import.meta.url))).href;

const CONTENDERS = [
  { name: 'ours', code: probe(SDK_SPECIFIER) },
  { name: 'bare node', code: probe(undefined) },
  { name: 'empty module', code: probe(EMPTY_MODULE) },
  { name: 'openai', code: probe('openai') },
  { name: 'anthropic', code: probe('@anthropic-ai/sdk') },
];
/** Every contender but bare node, each also reported as its cost over bare node. */
const OVER = CONTENDERS.map((c) => c.name).filter((name) => name !== 'bare node');

const fmtMs = (v) => (Number.isFinite(v) ? v.toFixed(0) : '?');

function coldRun(code) {
  const started = now();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const wall = now() - started;
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${String(result.stderr).slice(0, 300)}`);
  return { wall, inside: Number(String(result.stdout)) };
}

/**
 * Spawns every contender once per round (order rotating), `runs` rounds after `warmup`. The figure
 * is the wall time of the whole process (start-up, import, exit); "over bare node" is the median of
 * the per-round differences to the bare process run in the same round, so slow phases cancel.
 */
export async function importCost({ runs = 25, warmup = 2 } = {}) {
  const inside = Object.fromEntries(CONTENDERS.map((c) => [c.name, []]));
  const contenders = CONTENDERS.map((c) => ({
    name: c.name,
    run: () => {
      const m = coldRun(c.code);
      inside[c.name].push(m.inside);
      return m.wall;
    },
  }));
  const results = await alternate(contenders, { rounds: runs, warmup, between: () => {} });
  const med = (name, list) => (results[name].error ? Number.NaN : median(list));
  // Samples are kept round by round, so each contender's i-th pairs with bare node's i-th.
  const bare = results['bare node'].samples;
  const overOf = (n) => results[n].samples.slice(0, bare.length).map((wall, i) => wall - bare[i]);
  const overBare = Object.fromEntries(OVER.map((n) => [n, round(med(n, overOf(n)))]));
  // The measured runs are the last ones: the warm-ups came first.
  const insideMs = (n) => med(n, inside[n].slice(inside[n].length - results[n].samples.length));
  return [
    row({
      name: 'import',
      unit: 'ms (cold process)',
      better: 'lower',
      ours: results.ours.median,
      baselines: baselinesOf(results),
      target: 'ours ≤ 20 ms over bare node',
      met: Number.isFinite(overBare.ours) && overBare.ours <= 20,
      note:
        `over bare node: ours +${fmtMs(overBare.ours)}, empty module +${fmtMs(overBare['empty module'])}, ` +
        `openai +${fmtMs(overBare.openai)}, anthropic +${fmtMs(overBare.anthropic)} ms; ` +
        `import() timed inside the process: ours ${fmtMs(insideMs('ours'))}, ` +
        `empty module ${fmtMs(insideMs('empty module'))} ms`,
      detail: {
        runs,
        over_bare_node_ms: overBare,
        import_inside_process_ms: Object.fromEntries(OVER.map((n) => [n, round(insideMs(n))])),
        samples: sampleMap(results),
      },
      errors: errorsOf(results),
    }),
  ];
}
