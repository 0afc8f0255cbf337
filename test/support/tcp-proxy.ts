// A loopback TCP proxy that a test can stop and start again on the same port, to take a backend (MongoDB)
// away from the code under test and give it back. Stopping destroys every open connection.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The port the proxy listens on (stable across stop/start). */
  readonly port: number;
  /** Refuses new connections and cuts the open ones. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const listen = (onPort: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      next.once('error', reject);
      next.listen(onPort, '127.0.0.1', () => {
        const address = next.address();
        if (address === null || typeof address === 'string') return reject(new Error('proxy has no TCP address'));
        port = address.port;
        server = next;
        resolve();
      });
    });

  const stop = async (): Promise<void> => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen(0);
  return {
    get port() {
      return port;
    },
    stop,
    start: () => (server ? Promise.resolve() : listen(port)),
    close: stop,
  };
}
