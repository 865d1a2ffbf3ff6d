/**
 * The MiniMax MCP server from an MCP client: list the tools, make speech, wait for a video with
 * progress. The server runs as a child process over stdio, as an MCP host would start it.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/mcp-client.ts
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const transport = new StdioClientTransport({
  command: 'npx',
  args: ['minimax-mcp', '--output-dir', 'out/mcp'],
  // The server sees only this environment: pass the host on too when one is set (a proxy, the mock).
  env: {
    PATH: process.env.PATH ?? '',
    MINIMAX_API_KEY: process.env.MINIMAX_API_KEY ?? '',
    ...(process.env.MINIMAX_BASE_URL ? { MINIMAX_BASE_URL: process.env.MINIMAX_BASE_URL } : {}),
    ...(process.env.MINIMAX_REGION ? { MINIMAX_REGION: process.env.MINIMAX_REGION } : {}),
  },
});
const client = new Client({ name: 'example', version: '1.0.0' });
await client.connect(transport);

const { tools } = await client.listTools();
console.log(tools.map((t) => t.name).join(', '));

const speech = await client.callTool({
  name: 'speech_synthesize',
  arguments: { text: 'Hello from MCP.', voice_id: 'English_expressive_narrator', format: 'mp3' },
});
console.log(speech.content);

const video = await client.callTool(
  { name: 'video_generate', arguments: { prompt: 'Waves at dusk, slow pan', duration: 6 } },
  undefined,
  { onprogress: (p) => console.log(p.message), timeout: 15 * 60_000 },
);
console.log(video.isError ? 'failed' : 'video written', video.content);
await client.close();
