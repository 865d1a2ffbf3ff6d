import type { Command } from 'commander';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import type { CommandResult } from '../output.js';
import { example, type Register } from './shared.js';

/** One node of the command tree: its path (`voices clone`), subcommands and flags. */
interface Node {
  path: string;
  commands: { name: string; description: string }[];
  flags: { long: string; short?: string | undefined; description: string }[];
}

/** Walks the program, so the completions always match the commands that exist. */
function walk(command: Command, path: string, global: Node['flags'], out: Node[]): Node[] {
  const own = command.options.map((o) => ({
    long: o.long ?? '',
    short: o.short,
    description: o.description,
  }));
  const flags = [...own, ...global].filter((f) => f.long);
  const visible = command.commands.filter((c) => c.name() !== 'help');
  out.push({
    path,
    commands: visible.map((c) => ({ name: c.name(), description: c.description() })),
    flags: [...flags, { long: '--help', description: 'show help' }],
  });
  for (const sub of visible) walk(sub, path ? `${path} ${sub.name()}` : sub.name(), path ? flags : own, out);
  return out;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(nodes: Node[]): string {
  const cases = nodes
    .map((n) => {
      const words = [...n.commands.map((c) => c.name), ...n.flags.map((f) => f.long)].join(' ');
      return `    ${quote(n.path)}) echo ${quote(words)} ;;`;
    })
    .join('\n');
  return `# minimax completion for bash: eval "$(minimax completion bash)" (e.g. in ~/.bashrc)
_minimax_words() {
  case "$1" in
${cases}
    *) return 1 ;;
  esac
}
_minimax() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path='' next i
  for ((i = 1; i < COMP_CWORD; i++)); do
    next="\${path:+$path }\${COMP_WORDS[i]}"
    _minimax_words "$next" >/dev/null && path="$next"
  done
  COMPREPLY=($(compgen -W "$(_minimax_words "$path")" -- "$cur"))
}
complete -o default -F _minimax minimax
`;
}

function zsh(nodes: Node[]): string {
  // zsh runs the bash function through bashcompinit: one table, one behaviour.
  return `# minimax completion for zsh: eval "$(minimax completion zsh)" (e.g. in ~/.zshrc)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bash(nodes).split('\n').slice(1).join('\n')}`;
}

function fish(nodes: Node[]): string {
  const paths = nodes.map((n) => quote(n.path)).join(' ');
  const lines = nodes.flatMap((n) => {
    const when = `-n ${quote(`__minimax_at ${quote(n.path)}`)}`;
    return [
      ...n.commands.map(
        (c) => `complete -c minimax -f ${when} -a ${quote(c.name)} -d ${quote(c.description)}`,
      ),
      ...n.flags.map(
        (f) =>
          `complete -c minimax ${when} -l ${quote(f.long.replace(/^--/, ''))}${f.short ? ` -s ${quote(f.short.replace(/^-/, ''))}` : ''} -d ${quote(f.description)}`,
      ),
    ];
  });
  return `# minimax completion for fish: minimax completion fish > ~/.config/fish/completions/minimax.fish
set -g __minimax_paths ${paths}
function __minimax_at
  set -l path ''
  for word in (commandline -opc)[2..-1]
    set -l next (string trim -- "$path $word")
    contains -- $next $__minimax_paths; and set path $next
  end
  test "$path" = "$argv[1]"
end
${lines.join('\n')}
`;
}

const SHELLS = ['bash', 'zsh', 'fish'] as const;

export async function completionAction(
  ctx: Context,
  program: Command,
  shell: string,
): Promise<CommandResult> {
  const nodes = walk(program, '', [], []);
  const script =
    shell === 'bash'
      ? bash(nodes)
      : shell === 'zsh'
        ? zsh(nodes)
        : shell === 'fish'
          ? fish(nodes)
          : undefined;
  if (script === undefined) throw new UsageError(`No completion for ${shell}: use ${SHELLS.join(', ')}.`);
  ctx.io.stdout.write(script);
  return { json: { shell, script }, printed: !ctx.out.json };
}

export const registerCompletion: Register = (program, run) => {
  program
    .command('completion')
    .description('Print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', SHELLS.join(', '))
    .addHelpText(
      'after',
      example([
        'eval "$(minimax completion bash)"     # in ~/.bashrc',
        'eval "$(minimax completion zsh)"      # in ~/.zshrc',
        'minimax completion fish > ~/.config/fish/completions/minimax.fish',
      ]),
    )
    .action((shell: string, _options: unknown, cmd: Command) =>
      run(cmd, (ctx) => completionAction(ctx, program, shell)),
    );
};
