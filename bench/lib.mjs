/** Shared helpers: medians, alternating runs, garbage collection, child processes, result rows. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { API_KEY } from './raw.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

export const MiB = 1024 * 1024;

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

let gcFn;
/** Full garbage collection, so one contender's garbage is not collected on another's clock. */
function gc() {
  if (!gcFn) {
    if (typeof globalThis.gc === 'function') gcFn = globalThis.gc;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc');
    }
  }
  gcFn();
}

export function now() {
  return performance.now();
}

function newResults(contenders) {
  return Object.fromEntries(contenders.map((c) => [c.name, { samples: [], cpu: [] }]));
}

function finish(results) {
  for (const entry of Object.values(results)) {
    entry.median = entry.error ? null : median(entry.samples);
    entry.cpuMedian = entry.error ? null : median(entry.cpu);
  }
  return results;
}

/** `list` rotated left by `k`: round `k` of a rotation, so every contender goes first in turn. */
function rotate(list, k) {
  return list.map((_, i) => list[(i + k) % list.length]);
}

/** Client CPU time (user + system, all threads) since `since`, in ms. */
function cpuMs(since) {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * Runs every contender `warmup` times, then `rounds` rounds in which each runs once, the order
 * rotating every round, so slow phases of the machine hit every contender alike. `run` returns one
 * sample (any unit). Returns `{ name: { median, samples } }`; a contender that throws gets `error`.
 */
export async function alternate(contenders, { rounds, warmup = 1, between = gc }) {
  const results = newResults(contenders);
  for (let r = -warmup; r < rounds; r++) {
    for (const c of rotate(contenders, Math.max(r, 0))) {
      const entry = results[c.name];
      if (entry.error) continue;
      try {
        between();
        const cpu0 = process.cpuUsage();
        const sample = await c.run();
        const cpu = cpuMs(cpu0);
        if (r < 0) continue;
        entry.samples.push(sample);
        entry.cpu.push(cpu);
      } catch (error) {
        entry.error = describeError(error);
      }
    }
  }
  return finish(results);
}

/**
 * Like `alternate()`, but finer: each round is cut into `blocks` slices and the contenders take
 * turns slice by slice (order rotating), so even a short burst of machine noise is shared by all.
 * `block()` runs one slice of work; a round's sample is the contender's summed slice time (ms),
 * and its CPU time is kept alongside.
 */
export async function interleave(contenders, { rounds, blocks, warmup = 1, beforeRound }) {
  const results = newResults(contenders);
  for (let r = -warmup; r < rounds; r++) {
    await beforeRound?.();
    const wall = Object.fromEntries(contenders.map((c) => [c.name, 0]));
    const cpu = { ...wall };
    gc();
    for (let b = 0; b < blocks; b++) {
      for (const c of rotate(contenders, b + Math.max(r, 0))) {
        if (results[c.name].error) continue;
        try {
          const cpu0 = process.cpuUsage();
          const started = now();
          await c.block();
          wall[c.name] += now() - started;
          cpu[c.name] += cpuMs(cpu0);
        } catch (error) {
          results[c.name].error = describeError(error);
        }
      }
    }
    if (r < 0) continue;
    for (const c of contenders) {
      if (results[c.name].error) continue;
      results[c.name].samples.push(wall[c.name]);
      results[c.name].cpu.push(cpu[c.name]);
    }
  }
  return finish(results);
}

/**
 * `alternate()` over fresh processes: each round forks `child.mjs <mode>` once per contender (with
 * `{ ...args, who }`, order rotating, no warm-up); `sample(reply, who)` turns a reply into the figure.
 */
export function alternateChildren(mode, names, args, { rounds, sample }) {
  const contenders = names.map((who) => ({
    name: who,
    run: async () => sample(await runChild(mode, { ...args, who }), who),
  }));
  return alternate(contenders, { rounds, warmup: 0, between: () => {} });
}

/** Rescales `interleave()` results (ms per round) into another unit, e.g. µs per call. */
export function rescale(results, factor) {
  for (const entry of Object.values(results)) {
    entry.samples = entry.samples.map((v) => v * factor);
    if (entry.median !== null) entry.median *= factor;
  }
  return results;
}

export function describeError(error) {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}

/** Forks `bench/child.mjs <mode> <json args>` and resolves with the object it sends back. */
async function runChild(mode, args, { timeoutMs = 180_000, execArgv = [] } = {}) {
  const child = fork(CHILD, [mode, JSON.stringify(args)], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv,
  });
  let reply;
  child.on('message', (message) => {
    reply = message;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  if (!reply) throw new Error(`child ${mode} exited (code ${code}, signal ${signal}) without a result`);
  if (reply.error) throw new Error(`child ${mode}: ${reply.error}`);
  return reply;
}

/**
 * What `import()` loads as "ours": `minimax-sdk` (the built dist, through the workspace link), or
 * the ESM file named by `BENCH_SDK` (to measure a candidate build without touching the package).
 */
export const SDK_SPECIFIER = process.env.BENCH_SDK
  ? pathToFileURL(resolve(ROOT, process.env.BENCH_SDK)).href
  : 'minimax-sdk';

/** Loads the SDK the way a user does: `import('minimax-sdk')`. */
export async function loadSDK() {
  const mod = await import(SDK_SPECIFIER);
  return mod.default ?? mod.MiniMax;
}

/** An "ours" client for `baseURL`, made on first call: a broken build then fails only `ours`. */
export function lazyClient(baseURL) {
  let client;
  return () => {
    client ??= loadSDK().then((MiniMax) => new MiniMax({ apiKey: API_KEY, baseURL }));
    return client;
  };
}

export async function loadAnthropic() {
  const mod = await import('@anthropic-ai/sdk');
  return mod.default ?? mod.Anthropic;
}

export async function loadOpenAI() {
  const mod = await import('openai');
  return mod.default ?? mod.OpenAI;
}

/** Sizes scale together: `scale` 1 is the sizes, 0.001 a smoke run. */
export function scaled(full, scale, min = 1) {
  return Math.max(min, Math.round(full * scale));
}

/**
 * Builds one result row. `better` says which way is good for the unit ("lower" for times and sizes,
 * "higher" for rates); `ratios` are always ours / baseline, as the issue defines them.
 */
export function row({
  name,
  caseName = name,
  unit,
  better,
  ours,
  baselines = {},
  target,
  met,
  note,
  detail,
  errors,
}) {
  const ratios = {};
  for (const [key, value] of Object.entries(baselines)) {
    ratios[key] = Number.isFinite(ours) && Number.isFinite(value) && value !== 0 ? ours / value : null;
  }
  const out = {
    name,
    case: caseName,
    unit,
    better,
    ours: Number.isFinite(ours) ? ours : null,
    baselines: Object.fromEntries(
      Object.entries(baselines).map(([k, v]) => [k, Number.isFinite(v) ? v : null]),
    ),
    ratios,
    target,
    // A contender that failed has no figure, and `null <= x` would otherwise count as met.
    met: Number.isFinite(ours) && Boolean(met),
  };
  if (note) out.note = note;
  if (detail) out.detail = detail;
  if (errors && Object.keys(errors).length > 0) out.errors = errors;
  return out;
}

/**
 * The row of `alternate()`/`interleave()` results: ours is the `ours` median, every other
 * contender a baseline; `met(ours, baselines)` decides the target; `detail` gains the rounded
 * samples and, under `cpuKey`, the median CPU time of each contender.
 */
export function resultsRow(results, { met, detail, cpuKey = 'cpu_ms_per_run', ...fields }) {
  const baselines = baselinesOf(results);
  return row({
    ...fields,
    ours: results.ours.median,
    baselines,
    met: met(results.ours.median, baselines),
    detail: { ...detail, samples: sampleMap(results), [cpuKey]: cpuMap(results) },
    errors: errorsOf(results),
  });
}

/** The medians of every contender but `ours` in `alternate()` results, keyed by contender. */
export function baselinesOf(results) {
  const { ours, ...others } = results;
  return Object.fromEntries(Object.entries(others).map(([name, entry]) => [name, entry.median]));
}

/** Errors of contenders from `alternate()` results, keyed by contender. */
export function errorsOf(results) {
  const errors = {};
  for (const [name, entry] of Object.entries(results)) if (entry.error) errors[name] = entry.error;
  return errors;
}

/** The samples of `alternate()` results, rounded, for the JSON report. */
export function sampleMap(results) {
  const out = {};
  for (const [name, entry] of Object.entries(results)) out[name] = entry.samples.map((v) => round(v));
  return out;
}

/**
 * Median client CPU time (user + system, all threads, ms) per measured run of each contender: on a
 * busy machine this is steadier than wall time and shows where the client itself spends.
 */
function cpuMap(results) {
  const out = {};
  for (const [name, entry] of Object.entries(results)) out[name] = round(entry.cpuMedian);
  return out;
}

export function round(value) {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}
