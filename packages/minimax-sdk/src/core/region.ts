/**
 * MiniMax runs two platforms, and a key works only on the one that issued it: using a China key
 * against the global host (or the reverse) is the most common first failure of MiniMax's users.
 * This module knows the official hosts and how to tell which one accepts a key. The key is only
 * ever sent to these hosts.
 */

/** API hosts: the global platform, and the mainland-China platform. */
export const BASE_URLS = {
  global: 'https://api.minimax.io',
  cn: 'https://api.minimax.cn',
} as const;

/** The China platform's former host: still answers, and is still taken as the China region. */
export const LEGACY_CN_BASE_URL = 'https://api.minimaxi.com';

/** A platform. */
export type Region = keyof typeof BASE_URLS;

/** What `new MiniMax({ region })` takes: a platform, or `auto` to find the key's own. */
export type RegionOption = Region | 'auto';

export const REGION_OPTIONS: readonly RegionOption[] = ['global', 'cn', 'auto'];

/** A cheap authenticated call that every key may make (the official CLI probes with it too). */
export const REGION_PROBE_PATH = '/v1/token_plan/remains';

/**
 * The platform an API base URL belongs to, or undefined for any other host (a proxy, the mock).
 *
 * @example
 * regionOfURL('https://api.minimaxi.com/'); // 'cn'
 */
export function regionOfURL(url: string): Region | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return undefined;
  }
  if (origin === BASE_URLS.global) return 'global';
  if (origin === BASE_URLS.cn || origin === LEGACY_CN_BASE_URL) return 'cn';
  return undefined;
}

export function otherRegion(region: Region): Region {
  return region === 'global' ? 'cn' : 'global';
}

/** What one host said of a key: it took it, it refused it, or it answered something else. */
export type KeyVerdict = 'accepted' | 'refused' | 'unknown';

/** The MiniMax codes that mean "this key is not valid here". */
const KEY_REFUSED_CODES = new Set([1004, 2049]);

/**
 * Reads a probe's answer. Auth statuses and codes refuse the key; a clean answer accepts it;
 * anything else (a plan the key lacks, an outage) says nothing about the region.
 */
export async function keyVerdict(response: Response): Promise<KeyVerdict> {
  if (response.status === 401 || response.status === 403) return 'refused';
  let code: number | undefined;
  try {
    const body = (await response.json()) as { base_resp?: { status_code?: unknown } } | null;
    const raw = body?.base_resp?.status_code;
    code = raw === undefined ? undefined : Number(raw);
  } catch {
    return 'unknown';
  }
  if (code !== undefined && KEY_REFUSED_CODES.has(code)) return 'refused';
  return response.ok && (code === undefined || code === 0) ? 'accepted' : 'unknown';
}

/**
 * The region whose host accepts the key: global first (the default), then China. When neither
 * accepts outright, the first that did not refuse wins; when both refuse, global (the calls will
 * then fail with the auth error they would have had anyway).
 *
 * @example
 * const region = await detectRegion((base) => probe(base));
 */
export async function detectRegion(probe: (baseURL: string) => Promise<KeyVerdict>): Promise<Region> {
  const global = await probe(BASE_URLS.global);
  if (global === 'accepted') return 'global';
  const cn = await probe(BASE_URLS.cn);
  if (cn === 'accepted') return 'cn';
  if (global === 'unknown') return 'global';
  return cn === 'unknown' ? 'cn' : 'global';
}
