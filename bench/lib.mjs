/** Shared helpers: medians, alternating runs, garbage collection, child processes, result rows. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

export const MiB = 1024 * 1024;

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

let gcFn;
/** Full garbage collection, so one contender's garbage is not collected on another's clock. */
export function gc() {
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

/**
 * Runs every contender `warmup` times, then `rounds` rounds in which each runs once, the order
 * rotating every round, so slow phases of the machine hit every contender alike. `run` returns one
 * sample (any unit). Returns `{ name: { median, samples } }`; a contender that throws gets `error`.
 */
export async function alternate(contenders, { rounds, warmup = 1, between = gc }) {
  const results = {};
  for (const c of contenders) results[c.name] = { samples: [], cpu: [] };
  const live = contenders.filter((c) => c.run);
  for (let w = 0; w < warmup; w++) {
    for (const c of live) {
      if (results[c.name].error) continue;
      try {
        between();
        await c.run();
      } catch (error) {
        results[c.name].error = describeError(error);
      }
    }
  }
  for (let r = 0; r < rounds; r++) {
    const order = live.map((_, i) => live[(i + r) % live.length]);
    for (const c of order) {
      if (results[c.name].error) continue;
      try {
        between();
        const cpu = process.cpuUsage();
        const sample = await c.run();
        const used = process.cpuUsage(cpu);
        results[c.name].samples.push(sample);
        results[c.name].cpu.push((used.user + used.system) / 1000);
      } catch (error) {
        results[c.name].error = describeError(error);
      }
    }
  }
  for (const c of contenders) {
    const entry = results[c.name];
    entry.median = entry.error ? null : median(entry.samples);
    entry.cpuMedian = entry.error ? null : median(entry.cpu);
  }
  return results;
}

/**
 * Like `alternate()`, but finer: each round is cut into `blocks` slices and the contenders take
 * turns slice by slice (order rotating), so even a short burst of machine noise is shared by all.
 * `block()` runs one slice of work; a round's sample is the contender's summed slice time (ms),
 * and its CPU time is kept alongside.
 */
export async function interleave(contenders, { rounds, blocks, warmup = 1, beforeRound }) {
  const results = {};
  for (const c of contenders) results[c.name] = { samples: [], cpu: [] };
  for (let r = -warmup; r < rounds; r++) {
    await beforeRound?.();
    const wall = Object.fromEntries(contenders.map((c) => [c.name, 0]));
    const cpu = Object.fromEntries(contenders.map((c) => [c.name, 0]));
    gc();
    for (let b = 0; b < blocks; b++) {
      const k = (b + Math.max(r, 0)) % contenders.length;
      for (let i = 0; i < contenders.length; i++) {
        const c = contenders[(i + k) % contenders.length];
        if (results[c.name].error) continue;
        try {
          const cpu0 = process.cpuUsage();
          const started = now();
          await c.block();
          wall[c.name] += now() - started;
          const used = process.cpuUsage(cpu0);
          cpu[c.name] += (used.user + used.system) / 1000;
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
  for (const c of contenders) {
    const entry = results[c.name];
    entry.median = entry.error ? null : median(entry.samples);
    entry.cpuMedian = entry.error ? null : median(entry.cpu);
  }
  return results;
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
export async function runChild(mode, args, { timeoutMs = 180_000, execArgv = [] } = {}) {
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

/** A memoised async factory: the SDK is loaded on first use, so a broken build fails only `ours`. */
export function lazy(factory) {
  let value;
  return () => {
    value ??= factory();
    return value;
  };
}

export async function loadAnthropic() {
  const mod = await import('@anthropic-ai/sdk');
  return mod.default ?? mod.Anthropic;
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
    met: Boolean(met),
  };
  if (note) out.note = note;
  if (detail) out.detail = detail;
  if (errors && Object.keys(errors).length > 0) out.errors = errors;
  return out;
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
export function cpuMap(results) {
  const out = {};
  for (const [name, entry] of Object.entries(results)) out[name] = round(entry.cpuMedian);
  return out;
}

export function round(value) {
  if (!Number.isFinite(value)) return value;
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}
