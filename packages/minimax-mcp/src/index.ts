/**
 * minimax-sdk-mcp: an MCP server with a tool for every MiniMax capability, built on minimax-sdk.
 *
 * @example
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { createMiniMaxMcpServer } from 'minimax-sdk-mcp';
 * await createMiniMaxMcpServer().connect(new StdioServerTransport());
 */
export { type CliConfig, readConfig } from './config.js';
export { type HttpServerOptions, type RunningHttpServer, startHttpServer } from './http.js';
export { checkFilename, type OutputMode, sniffExtension } from './output.js';
export { createMiniMaxMcpServer, type MiniMaxMcpServerOptions, toolError } from './server.js';
export { VERSION } from './version.js';
