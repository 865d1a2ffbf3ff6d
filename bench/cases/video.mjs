/** video.poll: many concurrent video tasks, each polled to success; CPU per poll and leftover timers. */
import { alternateChildren, errorsOf, loadSDK, median, now, row, scaled } from '../lib.mjs';
import { API_KEY, rawGetJSON, rawPostJSON } from '../raw.mjs';

const PARAMS = { prompt: 'A cat walks across a sunny kitchen.' };

async function rawVideoTask(base, pollInterval) {
  const created = await rawPostJSON(`${base}/v1/video_generation`, {
    model: 'MiniMax-Hailuo-2.3',
    ...PARAMS,
    prompt_optimizer: true,
    fast_pretreatment: false,
    duration: 6,
  });
  let status;
  for (;;) {
    status = await rawGetJSON(`${base}/v1/query/video_generation?task_id=${created.task_id}`);
    if (status.status === 'Success') break;
    if (status.status === 'Fail') throw new Error('task failed');
    await new Promise((resolve) => setTimeout(resolve, pollInterval));
  }
  const file = await rawGetJSON(`${base}/v1/files/retrieve?file_id=${status.file_id}`);
  return file.file.download_url;
}

function timers() {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout' || name === 'Immediate').length;
}

/**
 * Tracks the timers created through the global `setTimeout` (the SDK's, the caller's) that are still
 * pending and ref'd. Node's own modules (undici, net) use internal timers, which this does not see:
 * `getActiveResourcesInfo()` counts those too, and undici sometimes holds a sub-second one briefly.
 */
function trackGlobalTimers() {
  const live = new Set();
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  globalThis.setTimeout = function trackedSetTimeout(fn, ms, ...args) {
    const timer = set(
      (...a) => {
        live.delete(timer);
        fn(...a);
      },
      ms,
      ...args,
    );
    live.add(timer);
    const unref = timer.unref.bind(timer);
    timer.unref = () => {
      live.delete(timer);
      return unref();
    };
    return timer;
  };
  globalThis.clearTimeout = (timer) => {
    live.delete(timer);
    return clear(timer);
  };
  return live;
}

/** Runs in a fresh child (see child.mjs): `tasks` concurrent tasks, each done on its `polls`-th query. */
export async function videoPollRun({ url, tasks, polls, who, pollInterval = 1, track = true }) {
  const base = `${url}/p${polls}`;
  const live = track ? trackGlobalTimers() : new Set();
  let task;
  if (who === 'ours') {
    const MiniMax = await loadSDK();
    const client = new MiniMax({ apiKey: API_KEY, baseURL: base, pollInterval });
    task = async () => (await client.video.textToVideo(PARAMS, { pollInterval })).download_url;
  } else {
    task = () => rawVideoTask(base, pollInterval);
  }
  const batch = (n) => Promise.allSettled(Array.from({ length: n }, () => task()));
  // Warm-up: a few tasks so the JIT and the connection pool are ready.
  await batch(Math.min(tasks, 20));
  const timersBefore = timers();
  const cpu0 = process.cpuUsage();
  const started = now();
  const settled = await batch(tasks);
  const wallMs = now() - started;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((resolve) => setImmediate(resolve));
  const jsTimersLeft = live.size;
  const timersLeft = timers();
  // A sub-second timer inside undici can still be pending right after the last response.
  if (timersLeft > jsTimersLeft) await new Promise((resolve) => setTimeout(resolve, 1100));
  const resources = process.getActiveResourcesInfo();
  const counts = {};
  for (const name of resources) counts[name] = (counts[name] ?? 0) + 1;
  const failures = settled.filter((s) => s.status === 'rejected' || typeof s.value !== 'string');
  return {
    tasks,
    polls,
    ok: settled.length - failures.length,
    failed: failures.length,
    firstError: failures[0]?.reason ? String(failures[0].reason).slice(0, 300) : undefined,
    cpuMicros: cpu.user + cpu.system,
    wallMs,
    timersBefore,
    jsTimersLeft,
    timersLeft,
    timersAfterGrace: timers(),
    resources: counts,
  };
}

export async function videoPoll({ url, scale = 1, runs = 3 }) {
  const tasks = scaled(1000, scale, 2);
  const polls = 10;
  const replies = { ours: [], raw: [] };
  const results = await alternateChildren(
    'video-poll',
    ['ours', 'raw'],
    { url, tasks, polls },
    {
      rounds: runs,
      sample: (reply, who) => {
        replies[who].push(reply);
        return reply.cpuMicros / (tasks * polls);
      },
    },
  );
  const ours = replies.ours;
  /** One field of ours' replies, run by run. */
  const each = (key) => ours.map((r) => r[key]);
  const allOk = ours.length === runs && ours.every((r) => r.failed === 0 && r.ok === tasks);
  const noTimers =
    ours.length === runs && ours.every((r) => r.jsTimersLeft === 0 && r.timersAfterGrace === 0);
  const wallMs = { ours: median(each('wallMs')), raw: median(replies.raw.map((r) => r.wallMs)) };
  return [
    row({
      name: 'video.poll',
      unit: 'µs CPU/poll',
      better: 'lower',
      ours: results.ours.median,
      baselines: { 'raw fetch (reference)': results.raw.median },
      target: 'all tasks succeed; CPU per poll reported; no timers left',
      met: allOk && noTimers,
      note:
        `${each('ok').join('/')} of ${tasks} tasks ok per run; ` +
        `SDK timers left ${each('jsTimersLeft').join('/')}; ` +
        `active timers right after ${each('timersLeft').join('/')}, 1 s later ${each('timersAfterGrace').join('/')}; ` +
        `wall ${Math.round(wallMs.ours)} ms`,
      detail: {
        tasks,
        polls_per_task: polls,
        requests_per_task: polls + 2,
        all_succeeded: allOk,
        sdk_timers_left: each('jsTimersLeft'),
        active_timers_right_after: each('timersLeft'),
        active_timers_after_1s: each('timersAfterGrace'),
        failures: each('failed'),
        first_error: ours.find((r) => r.firstError)?.firstError,
        wall_ms: wallMs,
        active_resources_after: ours.at(-1)?.resources,
        samples: { ours: results.ours.samples, raw: results.raw.samples },
      },
      errors: errorsOf(results),
    }),
  ];
}
