/**
 * `minimax-mcp` settings from the command line and the environment.
 */
import { resolve } from 'node:path';
import type { OutputMode } from './output.js';

export interface CliConfig {
  transport: 'stdio' | 'http';
  port: number;
  host: string;
  outputDir: string;
  output: OutputMode;
  pollInterval: number | undefined;
}

export const USAGE = `Usage: minimax-mcp [--http] [--port N] [--host H] [--output-dir DIR] [--output file|resource]

Serves MiniMax tools over MCP: stdio by default, Streamable HTTP at /mcp with --http.

Environment:
  MINIMAX_API_KEY            your key (required for tool calls)
  MINIMAX_REGION             global, cn or auto;  MINIMAX_BASE_URL overrides the host
  MINIMAX_MCP_OUTPUT_DIR     folder for output files (default ./minimax-output)
  MINIMAX_MCP_OUTPUT         file (default) or resource
  MINIMAX_MCP_POLL_INTERVAL  milliseconds between task polls (default 5000)
`;

/** Reads the settings; throws an Error with a clear message on a bad value. */
export function readConfig(argv: readonly string[], env: Record<string, string | undefined>): CliConfig {
  const config: CliConfig = {
    transport: 'stdio',
    port: 3000,
    host: '127.0.0.1',
    outputDir: resolve(env.MINIMAX_MCP_OUTPUT_DIR || 'minimax-output'),
    output: 'file',
    pollInterval: undefined,
  };
  const output = env.MINIMAX_MCP_OUTPUT;
  if (output !== undefined && output !== '') config.output = outputMode(output);
  const poll = env.MINIMAX_MCP_POLL_INTERVAL;
  if (poll !== undefined && poll !== '') config.pollInterval = positive('MINIMAX_MCP_POLL_INTERVAL', poll);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value.`);
      return next;
    };
    if (arg === '--http') config.transport = 'http';
    else if (arg === '--stdio') config.transport = 'stdio';
    else if (arg === '--port') config.port = Math.floor(positive('--port', value(), true));
    else if (arg === '--host') config.host = value();
    else if (arg === '--output-dir') config.outputDir = resolve(value());
    else if (arg === '--output') config.output = outputMode(value());
    else throw new Error(`Unknown option ${arg}.\n\n${USAGE}`);
  }
  return config;
}

function outputMode(value: string): OutputMode {
  if (value === 'file' || value === 'resource') return value;
  throw new Error(`The output mode must be file or resource, got ${JSON.stringify(value)}.`);
}

function positive(name: string, text: string, zeroOk = false): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (!zeroOk && n === 0)) {
    throw new Error(
      `${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number, got ${JSON.stringify(text)}.`,
    );
  }
  return n;
}
