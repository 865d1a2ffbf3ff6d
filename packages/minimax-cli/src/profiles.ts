/**
 * The config file: named profiles of defaults (key, host, region, timeouts) for `--profile`. It
 * sits at `$MINIMAX_CONFIG_FILE`, else `$XDG_CONFIG_HOME/minimax/config.json`, else
 * `~/.config/minimax/config.json`, and is written atomically with mode 0600 (it may hold a key).
 * Flags beat the environment, which beats the profile.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, parseDurationMs, UsageError } from './config.js';

/** What a profile may hold, by the flag it stands in for. */
export const PROFILE_KEYS = [
  'api-key',
  'base-url',
  'region',
  'timeout',
  'max-retries',
  'poll-interval',
  'poll-timeout',
] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type Profile = Partial<Record<ProfileKey, string>>;

interface ConfigFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

export function configPath(env: Record<string, string | undefined>): string {
  if (env.MINIMAX_CONFIG_FILE) return env.MINIMAX_CONFIG_FILE;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'minimax', 'config.json');
}

/** The file's profiles; an absent file has none. A file that is not ours is an error, not ignored. */
export function readConfig(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new CliError(
      `Cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`The config file ${path} is not JSON.`, { hint: 'Fix it or delete it.' });
  }
  const profiles = (parsed as { profiles?: unknown })?.profiles;
  if (!profiles || typeof profiles !== 'object' || Array.isArray(profiles))
    throw new CliError(`The config file ${path} has no "profiles" object.`, { hint: 'Fix it or delete it.' });
  // Own, known, string entries only: a `__proto__` key in the file must not become a profile.
  const clean: Record<string, Profile> = Object.create(null);
  for (const [name, entries] of Object.entries(profiles)) {
    if (!entries || typeof entries !== 'object') continue;
    const profile: Profile = {};
    for (const key of PROFILE_KEYS) {
      const value = Object.hasOwn(entries, key) ? (entries as Record<string, unknown>)[key] : undefined;
      if (typeof value === 'string') profile[key] = value;
    }
    clean[name] = profile;
  }
  return { profiles: clean };
}

/** Writes the file atomically (a temp file, then a rename) with mode 0600, in a 0700 folder. */
export async function writeConfig(path: string, config: ConfigFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.config.json.${process.pid}.${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(`${JSON.stringify(config, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The mode given to open() is narrowed by the umask, never widened; make it exact anyway.
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `key` as a profile key, or a usage error naming the keys there are. */
export function profileKey(key: string): ProfileKey {
  if (!(PROFILE_KEYS as readonly string[]).includes(key))
    throw new UsageError(`Unknown config key ${JSON.stringify(key)}: use one of ${PROFILE_KEYS.join(', ')}.`);
  return key as ProfileKey;
}

/** Checks a value as the flag it stands in for would. */
export function checkProfileValue(key: string, value: string): ProfileKey {
  const known = profileKey(key);
  if (known === 'region' && !['global', 'cn', 'auto'].includes(value))
    throw new UsageError('region must be global, cn or auto.');
  if (known === 'max-retries' && !/^\d+$/.test(value))
    throw new UsageError('max-retries must be a whole number.');
  if (known === 'timeout' || known === 'poll-interval' || known === 'poll-timeout') {
    try {
      parseDurationMs(value);
    } catch (error) {
      throw new UsageError(`${known}: ${(error as Error).message}`);
    }
  }
  if (known === 'base-url' && !URL.canParse(value)) throw new UsageError('base-url must be a URL.');
  return known;
}

/**
 * The profile a run uses: `--profile`, else `$MINIMAX_PROFILE`, else `default`. A profile asked
 * for by name must exist; `default` may be absent (then it is empty).
 */
export function loadProfile(env: Record<string, string | undefined>, name: string | undefined): Profile {
  const chosen = name ?? env.MINIMAX_PROFILE ?? DEFAULT_PROFILE;
  const path = configPath(env);
  const config = readConfig(path);
  const profile = Object.hasOwn(config.profiles, chosen) ? config.profiles[chosen] : undefined;
  if (!profile && chosen !== DEFAULT_PROFILE)
    throw new UsageError(`No profile ${JSON.stringify(chosen)} in ${path}.`, {
      hint: `Create it with: minimax config set api-key <key> --profile ${chosen}`,
    });
  return profile ?? {};
}

/** How a key is shown by `config get` / `config list`: enough to tell keys apart, no more. */
export function maskSecret(value: string): string {
  return value.length <= 8 ? '****' : `${value.slice(0, 3)}…${value.slice(-4)}`;
}
