// Graceful shutdown. Once draining begins, a request that arrives is answered 503 with Retry-After (the provider
// retries it, here or at another instance) and its connection closed; requests already admitted run to their
// answer, each also closing its connection. The listener keeps accepting until the drain is quiet: closing it
// earlier would reset every connection still waiting in the kernel's accept queue, requests a client already sent.
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestHandler, Response } from 'express';
import { BODY_LIMIT_BYTES } from './json-body.ts';

/** Answered as usual while draining: liveness, and the metrics a scrape takes of the drain itself. */
const OPEN_WHILE_DRAINING = new Set(['/healthz', '/metrics']);

export class DrainGate {
  private draining = false;
  private readonly admitted = new Set<Response>();

  constructor(private readonly retryAfterSeconds: number) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests admitted before the drain began and not yet answered. */
  get admittedCount(): number {
    return this.admitted.size;
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    if (this.draining && !OPEN_WHILE_DRAINING.has(req.path)) {
      res.shouldKeepAlive = false;
      const refuse = () => {
        if (res.headersSent) return;
        res.setHeader('Retry-After', String(this.retryAfterSeconds));
        res.status(503).json({ error: 'shutting_down', message: 'this instance is shutting down; retry' });
      };
      // The body is read (and dropped) before the answer: a connection closed with unread bytes in its receive
      // buffer is reset, and the client would lose the 503 with it. Past the body limit it is answered at once.
      if (req.complete) refuse();
      else {
        let read = 0;
        req.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > BODY_LIMIT_BYTES) refuse();
        });
        req.once('end', refuse);
        req.once('error', refuse);
      }
      return;
    }
    this.admitted.add(res);
    res.once('close', () => this.admitted.delete(res)); // after 'finish', or when the connection goes first
    next();
  };

  /** Starts draining: from now on new requests get 503, and admitted ones close their connection when answered. */
  begin(): void {
    this.draining = true;
    for (const res of this.admitted) if (!res.headersSent) res.shouldKeepAlive = false;
  }
}

export interface DrainOptions {
  /** How long the drain must see no open connection and no new one before the listener closes. */
  quietMs: number;
  /** The longest the drain waits; then whatever is still open is closed. */
  deadlineMs: number;
  /** How often the drain looks. */
  pollMs?: number;
}

/**
 * Begins the drain and resolves once the server is closed: when no connection has been open (idle keep-alive ones
 * end at their timeout, or with a 503 when they send) and none has arrived for `quietMs`, or at the deadline, after
 * closing what is left. Reports which.
 */
export async function drainServer(
  server: Server,
  gate: DrainGate,
  options: DrainOptions,
): Promise<'quiet' | 'deadline'> {
  const started = Date.now();
  let lastConnectionAt = started;
  const onConnection = () => (lastConnectionAt = Date.now());
  server.on('connection', onConnection);
  gate.begin();
  let outcome: 'quiet' | 'deadline' = 'deadline';
  try {
    while (Date.now() - started < options.deadlineMs) {
      const open = await new Promise<number>((resolve) =>
        server.getConnections((error, count) => resolve(error ? 1 : count)),
      );
      if (open === 0 && gate.admittedCount === 0 && Date.now() - lastConnectionAt >= options.quietMs) {
        outcome = 'quiet';
        break;
      }
      await sleep(options.pollMs ?? 20);
    }
  } finally {
    server.off('connection', onConnection);
  }
  // The listener only: http.Server.close() would also cut idle keep-alive connections; at the deadline they are
  // cut explicitly, and when quiet there are none.
  const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  if (outcome === 'deadline') server.closeAllConnections();
  await closed;
  return outcome;
}
