// Graceful shutdown's gate. Once draining begins, a request that arrives is answered 503 with Retry-After (the
// provider retries it, here or at another instance) and its connection closed; requests already admitted run
// to their answer, each also closing its connection, so the drain ends with no connection cut mid-answer.
import type { RequestHandler, Response } from 'express';

/** Answered as usual while draining: liveness, and the metrics a scrape takes of the drain itself. */
const OPEN_WHILE_DRAINING = new Set(['/healthz', '/metrics']);

export class DrainGate {
  private draining = false;
  private readonly admitted = new Set<Response>();
  private idle: Array<() => void> = [];

  constructor(private readonly retryAfterSeconds: number) {}

  get isDraining(): boolean {
    return this.draining;
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    if (this.draining && !OPEN_WHILE_DRAINING.has(req.path)) {
      res.shouldKeepAlive = false;
      res.setHeader('Retry-After', String(this.retryAfterSeconds));
      res.status(503).json({ error: 'shutting_down', message: 'this instance is shutting down; retry' });
      return;
    }
    this.admitted.add(res);
    const settled = () => {
      this.admitted.delete(res);
      if (this.admitted.size === 0) this.wake();
    };
    res.once('finish', settled);
    res.once('close', settled);
    next();
  };

  /** Starts draining: from now on new requests get 503, and admitted ones close their connection when answered. */
  begin(): void {
    this.draining = true;
    for (const res of this.admitted) if (!res.headersSent) res.shouldKeepAlive = false;
    if (this.admitted.size === 0) this.wake();
  }

  /** Resolves once every admitted request is answered (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.admitted.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private wake(): void {
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}
