/** import: cold `import()` of each package in a new process, against bare node. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, now, ROOT, round, row, SDK_SPECIFIER } from '../lib.mjs';

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
  const wall = Object.fromEntries(CONTENDERS.map((c) => [c.name, []]));
  const inside = Object.fromEntries(CONTENDERS.map((c) => [c.name, []]));
  const over = { ours: [], 'empty module': [], openai: [], anthropic: [] };
  const errors = {};
  for (let r = -warmup; r < runs; r++) {
    const k = ((r % CONTENDERS.length) + CONTENDERS.length) % CONTENDERS.length;
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + k) % CONTENDERS.length]);
    const turn = {};
    for (const c of order) {
      if (errors[c.name]) continue;
      try {
        turn[c.name] = coldRun(c.code);
      } catch (error) {
        errors[c.name] = error instanceof Error ? error.message : String(error);
      }
    }
    if (r < 0) continue;
    for (const [name, m] of Object.entries(turn)) {
      wall[name].push(m.wall);
      inside[name].push(m.inside);
      if (name in over && turn['bare node']) over[name].push(m.wall - turn['bare node'].wall);
    }
  }
  const med = (list, name) => (errors[name] ? Number.NaN : median(list[name]));
  const overBare = Object.fromEntries(Object.keys(over).map((n) => [n, round(med(over, n))]));
  return [
    row({
      name: 'import',
      unit: 'ms (cold process)',
      better: 'lower',
      ours: med(wall, 'ours'),
      baselines: {
        'bare node': med(wall, 'bare node'),
        'empty module': med(wall, 'empty module'),
        openai: med(wall, 'openai'),
        anthropic: med(wall, 'anthropic'),
      },
      target: 'ours ≤ 20 ms over bare node',
      met: Number.isFinite(overBare.ours) && overBare.ours <= 20,
      note:
        `over bare node: ours +${fmtMs(overBare.ours)}, empty module +${fmtMs(overBare['empty module'])}, ` +
        `openai +${fmtMs(overBare.openai)}, anthropic +${fmtMs(overBare.anthropic)} ms; ` +
        `import() timed inside the process: ours ${fmtMs(med(inside, 'ours'))}, ` +
        `empty module ${fmtMs(med(inside, 'empty module'))} ms`,
      detail: {
        runs,
        over_bare_node_ms: overBare,
        import_inside_process_ms: Object.fromEntries(
          ['ours', 'empty module', 'openai', 'anthropic'].map((n) => [n, round(med(inside, n))]),
        ),
        samples: Object.fromEntries(Object.entries(wall).map(([n, v]) => [n, v.map(round)])),
      },
      errors,
    }),
  ];
}
