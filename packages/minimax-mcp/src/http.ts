/**
 * Streamable HTTP: one MCP session per client, each with its own server and transport, so
 * progress notifications and cancellations reach the call they belong to.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createMiniMaxMcpServer, type MiniMaxMcpServerOptions } from './server.js';

/** Options of `startHttpServer`. */
export interface HttpServerOptions extends MiniMaxMcpServerOptions {
  /** Port; 0 picks a free one (default 3000). */
  port?: number;
  /** Interface; default 127.0.0.1 (this machine only). */
  host?: string;
  /** URL path of the MCP endpoint (default `/mcp`). */
  path?: string;
}

/** A running HTTP MCP endpoint. */
export interface RunningHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: string;
  /** Stops listening and closes every session. */
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/**
 * Serves MCP over Streamable HTTP.
 *
 * @example
 * const http = await startHttpServer({ port: 3000, outputDir: '/tmp/minimax' });
 * console.log(`MCP endpoint: ${http.url}`);
 */
export async function startHttpServer(options: HttpServerOptions = {}): Promise<RunningHttpServer> {
  const { port = 3000, host = '127.0.0.1', path = '/mcp', ...serverOptions } = options;
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  let loopbackHosts: string[] | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return reply(res, 404, `Not found: the MCP endpoint is ${path}.`);
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (req.method === 'POST') {
      let body: unknown;
      try {
        body = await readBody(req);
      } catch (error) {
        return reply(res, 400, error instanceof Error ? error.message : 'Bad request body.');
      }
      if (existing) return existing.handleRequest(req, res, body);
      if (sessionId !== undefined || !isInitializeRequest(body)) {
        return reply(res, 400, 'No valid session: start with an initialize request.');
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        // On a loopback address, a page in the user's browser could reach the server through a
        // DNS name that resolves to 127.0.0.1; only the loopback Host names are accepted.
        ...(loopbackHosts ? { enableDnsRebindingProtection: true, allowedHosts: loopbackHosts } : {}),
        onsessioninitialized: (id) => {
          sessions.set(id, transport);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await createMiniMaxMcpServer(serverOptions).connect(transport);
      return transport.handleRequest(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!existing) return reply(res, 400, 'Unknown or missing mcp-session-id.');
      return existing.handleRequest(req, res);
    }
    res.writeHead(405, { allow: 'GET, POST, DELETE' }).end();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, error instanceof Error ? error.message : 'Internal error.');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(host) || host.startsWith('127.');
  loopbackHosts = loopback
    ? [
        `127.0.0.1:${address.port}`,
        `localhost:${address.port}`,
        `[::1]:${address.port}`,
        `${host}:${address.port}`,
      ]
    : undefined;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${path}`,
    async close() {
      await Promise.all([...sessions.values()].map((t) => t.close()));
      sessions.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
