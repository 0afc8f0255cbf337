// A MongoDB client that is replaced when it stops finding its server although the server is back.
// Why: the driver (mongodb 7.9) can stop monitoring a server for good. A heartbeat written just as its
// connection closes never settles, the monitor waits on it forever, and every operation then fails server
// selection. Seen in 3 of 7 runs of a 3 s connection cut (npm run faults); the service answered 503 for minutes.
// So when an operation fails server selection (having waited its timeout), a fresh client is connected beside
// the stuck one, and if that reaches the server while the old one still fails, it takes the old one's place.
import { MongoServerSelectionError, type MongoClient } from 'mongodb';

export interface ReplacementOptions {
  /** Told each time the client was replaced. */
  replaced?: () => void;
}

export class ReplaceableClient<View> {
  private current: { client: MongoClient; view: View };
  /** The latest operation failed server selection. */
  private failing = false;
  private probing: Promise<void> | null = null;
  private closed = false;

  constructor(
    client: MongoClient,
    /** Connects a new client with the first one's settings. */
    private readonly connect: () => Promise<MongoClient>,
    /** What callers use of a client: its collections, built again for a new client. */
    private readonly viewOf: (client: MongoClient) => View,
    private readonly options: ReplacementOptions = {},
  ) {
    this.current = { client, view: viewOf(client) };
  }

  get view(): View {
    return this.current.view;
  }

  /** Runs one operation and notes whether it found a server. */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      this.failing = false;
      return result;
    } catch (error) {
      if (error instanceof MongoServerSelectionError) this.selectionFailed();
      throw error;
    }
  }

  /** Not waiting for an attempt under way: it sees `closed` and closes its own client. */
  async close(): Promise<void> {
    this.closed = true;
    await this.current.client.close();
  }

  /**
   * A failed selection has already waited the selection timeout, so a fresh client is tried at once. A server
   * that is really away costs one connection attempt at a time, each bounded by that same timeout.
   */
  private selectionFailed(): void {
    this.failing = true;
    if (this.closed || this.probing) return;
    this.probing = this.tryFreshClient().finally(() => {
      this.probing = null;
    });
  }

  private async tryFreshClient(): Promise<void> {
    let fresh: MongoClient | null = null;
    try {
      fresh = await this.connect();
      await fresh.db('admin').command({ ping: 1 });
    } catch {
      // The server is really away: the old client stays, and recovers by itself if it can.
      await fresh?.close().catch(() => undefined);
      return;
    }
    // An operation found the server meanwhile: the old client was not stuck after all.
    if (this.closed || !this.failing) {
      await fresh.close().catch(() => undefined);
      return;
    }
    const stuck = this.current.client;
    this.current = { client: fresh, view: this.viewOf(fresh) };
    this.failing = false;
    this.options.replaced?.();
    // Not awaited: operations still waiting on the stuck client fail (503) and are retried by their senders.
    stuck.close().catch(() => undefined);
  }
}
