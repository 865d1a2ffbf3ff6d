/**
 * A real `node:http` server on 127.0.0.1 for transport tests that a fake fetch cannot express:
 * stalled bodies, resets after the request was read, sockets closed by an abort.
 *
 * @example
 * const server = await startServer((req, res) => res.end('{}'));
 * afterEach(() => server.stop());
 * server.requests; // how many requests arrived
 * await server.nextClose(); // resolves once a client socket closes
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests received so far (counted when the request head arrives). */
  readonly requests: number;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Connections that have closed so far. */
  readonly closed: number;
  /** Resolves when the next client socket closes (or at once if `closed` already exceeds `after`). */
  nextClose(after?: number): Promise<void>;
  /** Closes every connection and the listener. Safe to call twice. */
  stop(): Promise<void>;
}

const live = new Set<TestServer>();

export async function startServer(handler: Handler): Promise<TestServer> {
  let requests = 0;
  let connections = 0;
  let closed = 0;
  const sockets = new Set<Socket>();
  const waiters: Array<{ after: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const index = requests++;
    Promise.resolve(handler(req, res, index)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closed++;
      for (const waiter of waiters.splice(0)) {
        if (closed > waiter.after) waiter.resolve();
        else waiters.push(waiter);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    get requests() {
      return requests;
    },
    get connections() {
      return connections;
    },
    get closed() {
      return closed;
    },
    nextClose(after = closed) {
      if (closed > after) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ after, resolve }));
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        live.delete(handle);
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return stopped;
    },
  };
  live.add(handle);
  return handle;
}

/** Stops every server this helper started and that is still running (for a blanket afterEach). */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...live].map((server) => server.stop()));
}

/** A loopback port with nothing listening: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
