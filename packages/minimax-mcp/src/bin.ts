/**
 * `minimax-mcp`: the MiniMax MCP server over stdio (default) or Streamable HTTP (`--http`).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { readConfig, USAGE } from './config.js';
import { startHttpServer } from './http.js';
import { createMiniMaxMcpServer } from './server.js';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const config = readConfig(argv, process.env);
  const options = {
    outputDir: config.outputDir,
    output: config.output,
    clientOptions: config.pollInterval === undefined ? {} : { pollInterval: config.pollInterval },
  };
  if (config.transport === 'http') {
    const http = await startHttpServer({ ...options, port: config.port, host: config.host });
    // stdout is free in HTTP mode; in stdio mode it carries the protocol, so nothing else is printed there.
    process.stdout.write(`minimax-mcp: MCP endpoint ${http.url}\n`);
    const stop = () => {
      void http.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  const server = createMiniMaxMcpServer(options);
  await server.connect(new StdioServerTransport());
}

main().catch((error: unknown) => {
  process.stderr.write(`minimax-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
