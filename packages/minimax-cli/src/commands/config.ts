import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { CommandResult } from '../output.js';
import {
  checkProfileValue,
  configPath,
  DEFAULT_PROFILE,
  maskSecret,
  PROFILE_KEYS,
  type Profile,
  profileKey,
  readConfig,
  writeConfig,
} from '../profiles.js';
import { example, type Register } from './shared.js';

function profileName(ctx: Context): string {
  return ctx.options.profile ?? ctx.io.env.MINIMAX_PROFILE ?? DEFAULT_PROFILE;
}

function shown(key: string, value: string, reveal: boolean): string {
  return key === 'api-key' && !reveal ? maskSecret(value) : value;
}

/** `config set KEY VALUE`: checked as the flag would be, then written atomically (mode 0600). */
export async function configSetAction(ctx: Context, key: string, value: string): Promise<CommandResult> {
  const known = checkProfileValue(key, value);
  const path = configPath(ctx.io.env);
  const config = readConfig(path);
  const name = profileName(ctx);
  const profile: Profile = {
    ...(Object.hasOwn(config.profiles, name) ? config.profiles[name] : {}),
    [known]: value,
  };
  await writeConfig(path, { profiles: { ...config.profiles, [name]: profile } });
  return {
    json: { profile: name, key: known, set: true, path },
    human: [`Set ${known} in profile ${name} (${path})`],
  };
}

export async function configGetAction(
  ctx: Context,
  key: string,
  options: { reveal?: boolean },
): Promise<CommandResult> {
  const known = profileKey(key);
  const config = readConfig(configPath(ctx.io.env));
  const name = profileName(ctx);
  const value = Object.hasOwn(config.profiles, name) ? config.profiles[name]?.[known] : undefined;
  const text = value === undefined ? undefined : shown(known, value, Boolean(options.reveal));
  return {
    json: { profile: name, key: known, value: text ?? null },
    human: text === undefined ? [] : [text],
    quiet: text === undefined ? [] : [text],
    // A key that is not set is not an error, but scripts can tell: exit 1, nothing printed.
    exitCode: text === undefined ? 1 : 0,
  };
}

export async function configUnsetAction(ctx: Context, key: string): Promise<CommandResult> {
  const known = profileKey(key);
  const path = configPath(ctx.io.env);
  const config = readConfig(path);
  const name = profileName(ctx);
  const { [known]: _gone, ...rest } = Object.hasOwn(config.profiles, name)
    ? (config.profiles[name] ?? {})
    : {};
  await writeConfig(path, { profiles: { ...config.profiles, [name]: rest } });
  return { json: { profile: name, key: known, unset: true }, human: [`Unset ${known} in profile ${name}`] };
}

export async function configListAction(ctx: Context, options: { reveal?: boolean }): Promise<CommandResult> {
  const path = configPath(ctx.io.env);
  const config = readConfig(path);
  const profiles = Object.fromEntries(
    Object.entries(config.profiles).map(([name, profile]) => [
      name,
      Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, shown(k, v, Boolean(options.reveal))])),
    ]),
  );
  const human = [`${path}`];
  for (const [name, profile] of Object.entries(profiles)) {
    human.push(`[${name}]`, ...Object.entries(profile).map(([k, v]) => `  ${k} = ${v}`));
  }
  return { json: { path, profiles }, human, quiet: Object.keys(profiles) };
}

export const registerConfig: Register = (program, run) => {
  const config = program
    .command('config')
    .description(`Defaults in a config file, by profile (--profile): ${PROFILE_KEYS.join(', ')}`)
    .addHelpText(
      'after',
      example([
        'minimax config set api-key sk-... ',
        'minimax config set region cn --profile china',
        'minimax --profile china speech "你好" -o hi.mp3',
        'minimax config list',
      ]) +
        '\nFlags beat the environment (MINIMAX_API_KEY…), which beats the profile. The file is written\n' +
        'atomically with mode 0600; `config get api-key` and `config list` mask the key unless --reveal.\n',
    );
  config
    .command('set')
    .description('Set a value in the profile')
    .argument('<key>', PROFILE_KEYS.join(', '))
    .argument('<value>')
    .action((key: string, value: string, _options: unknown, cmd: Command) =>
      run(cmd, (ctx) => configSetAction(ctx, key, value)),
    );
  config
    .command('get')
    .description('Print a value of the profile (exit 1 when it is not set)')
    .argument('<key>', PROFILE_KEYS.join(', '))
    .option('--reveal', 'print the API key itself, not a masked form')
    .action((key: string, options: { reveal?: boolean }, cmd: Command) =>
      run(cmd, (ctx) => configGetAction(ctx, key, options)),
    );
  config
    .command('unset')
    .description('Remove a value from the profile')
    .argument('<key>', PROFILE_KEYS.join(', '))
    .action((key: string, _options: unknown, cmd: Command) => run(cmd, (ctx) => configUnsetAction(ctx, key)));
  config
    .command('list')
    .description('Show the file and every profile (the key masked unless --reveal)')
    .option('--reveal', 'print API keys in full')
    .action((options: { reveal?: boolean }, cmd: Command) =>
      run(cmd, (ctx) => configListAction(ctx, options)),
    );
};
