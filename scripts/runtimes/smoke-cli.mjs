// Runs smoke.mjs under Node, Bun or Deno with the mock's URL from MINIMAX_BASE_URL (and an
// optional SMOKE_STEPS list); prints the result as one JSON line.
import { smoke } from './smoke.mjs';

const env = (name) => globalThis.process?.env?.[name] ?? globalThis.Deno?.env.get(name);
const only = (env('SMOKE_STEPS') ?? '').split(',').filter(Boolean);
console.log(JSON.stringify(await smoke({ baseURL: env('MINIMAX_BASE_URL'), only })));
