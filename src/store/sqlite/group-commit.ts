// Group commit: writes submitted in the same turn of the event loop share one transaction, so one fsync
// (synchronous=FULL) acknowledges them all. A group first runs plainly; only when one of its writes throws is it
// rolled back and run again with each write in its own savepoint, so that write is rolled back and rejects
// alone (savepoints on every write cost about a third of the store's throughput). A failure of the
// transaction itself (busy, I/O) rejects the whole group. Every promise settles only after the COMMIT, and
// with a `sync` only after a sync that started once that COMMIT had returned: while one sync runs (off the
// event loop), the writes that arrive gather into the next group, which commits when it ends.
import type { Database, Transaction } from 'better-sqlite3';

interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Committed {
  write: PendingWrite;
  value: unknown;
}

export interface GroupCommitOptions {
  /** True when an error means the database cannot write now: it aborts the group instead of one write. */
  aborts: (error: unknown) => boolean;
  /** Turns the error that aborted a group into the one each caller sees. */
  mapError: (error: unknown) => unknown;
  maxGroupSize?: number;
  /** Makes every COMMIT returned so far durable (an fdatasync of the WAL, say); its failure rejects the group. */
  sync?: () => Promise<void>;
  /** Told the size of each group committed (metrics). */
  committed?: (size: number) => void;
}

export class GroupCommit {
  private queue: PendingWrite[] = [];
  private scheduled = false;
  private syncing: Promise<void> | null = null;
  private readonly one: Transaction<(write: PendingWrite) => unknown>;
  private readonly plain: Transaction<(writes: PendingWrite[], outcomes: Outcome[]) => void>;
  private readonly group: Transaction<(writes: PendingWrite[], outcomes: Outcome[]) => void>;
  private readonly maxGroupSize: number;

  constructor(
    db: Database,
    private readonly options: GroupCommitOptions,
  ) {
    this.maxGroupSize = options.maxGroupSize ?? 1000;
    // Called inside `group`, better-sqlite3 runs this as a SAVEPOINT.
    this.one = db.transaction((write: PendingWrite) => write.run());
    this.plain = db.transaction((writes: PendingWrite[], outcomes: Outcome[]) => {
      outcomes.length = 0;
      for (const write of writes) outcomes.push({ ok: true, value: write.run() });
    });
    this.group = db.transaction((writes: PendingWrite[], outcomes: Outcome[]) => {
      outcomes.length = 0;
      for (const write of writes) {
        try {
          outcomes.push({ ok: true, value: this.one(write) });
        } catch (error) {
          if (options.aborts(error)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
    });
  }

  /** Runs `run` inside the next group's transaction; resolves with its result once that group is committed (and synced). */
  submit<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: (value) => resolve(value as T), reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued so far, unless a sync is running: then it commits once the sync has ended. */
  flush(): void {
    // During a sync `scheduled` stays set: the sync's end flushes what gathers, so no more turns are booked.
    if (this.syncing) return;
    this.scheduled = false;
    const committed: Committed[] = [];
    while (this.queue.length > 0) committed.push(...this.commit(this.queue.splice(0, this.maxGroupSize)));
    const { sync } = this.options;
    if (!sync || committed.length === 0) {
      for (const { write, value } of committed) write.resolve(value);
      return;
    }
    this.syncing = sync()
      .then(
        () => committed.forEach(({ write, value }) => write.resolve(value)),
        (error: unknown) => committed.forEach(({ write }) => write.reject(error)),
      )
      .finally(() => {
        this.syncing = null;
        if (this.queue.length > 0) this.flush(); // the writes that gathered meanwhile
      });
  }

  /** Resolves once everything submitted so far is committed and synced (close() waits for it). */
  async drain(): Promise<void> {
    while (this.syncing || this.queue.length > 0) {
      if (this.syncing) await this.syncing;
      else this.flush();
    }
  }

  /** Commits one group; returns the writes that the COMMIT holds, with their results (the others are rejected). */
  private commit(writes: PendingWrite[]): Committed[] {
    const outcomes: Outcome[] = [];
    try {
      try {
        this.plain.immediate(writes, outcomes);
      } catch (error) {
        if (this.options.aborts(error)) throw error;
        this.group.immediate(writes, outcomes); // rolled back: again, isolating the write that threw
      }
    } catch (error) {
      const mapped = this.options.mapError(error);
      for (const write of writes) write.reject(mapped);
      return [];
    }
    this.options.committed?.(writes.length);
    const committed: Committed[] = [];
    writes.forEach((write, index) => {
      const outcome = outcomes[index];
      if (outcome === undefined) write.reject(new Error('group commit lost a write outcome'));
      else if (outcome.ok) committed.push({ write, value: outcome.value });
      else write.reject(outcome.error);
    });
    return committed;
  }
}
