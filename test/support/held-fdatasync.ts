// An fdatasync for the embedded store (SqliteStoreOptions.fdatasync) that a test holds and then releases or fails.
// It records which writes each sync covers (those committed, as another connection sees them, when it was issued),
// when each sync ends, and when each write is acknowledged, so a test can check that every acknowledgement came
// after a successful fdatasync issued after that write's COMMIT.
import { fdatasync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../src/store/sqlite/sqlite-store.ts';
import type { FdatasyncCall } from '../../src/store/sqlite/wal-sync.ts';

export interface HeldSync {
  /** The inbound request ids committed when this fdatasync was issued: what it makes durable. */
  readonly covers: ReadonlySet<string>;
  readonly state: 'held' | 'synced' | 'failed';
  /** Runs the real fdatasync, then answers the store. */
  release(): void;
  /** Answers the store with a system error of this code (EIO...). */
  fail(code: string): void;
}

type Step = { kind: 'ended'; sync: HeldSync } | { kind: 'acknowledged'; requestId: string };

export class HeldFdatasync {
  /** Every fdatasync issued while holding, in order. */
  readonly syncs: HeldSync[] = [];
  /** How many fdatasyncs were issued at all, held or passed through. */
  issued = 0;
  private readonly steps: Step[] = [];
  private holding = false;
  private reader: Database.Database | null = null;
  private dir: string | null = null;

  /** Once the store in `dir` is open: from now on every fdatasync waits for the test. Before, they pass through. */
  hold(dir: string): void {
    this.dir = dir;
    this.holding = true;
  }

  /** Stops holding: every held fdatasync runs now, and later ones pass through (so the store can close). */
  letThrough(): void {
    this.holding = false;
    for (const sync of this.syncs) if (sync.state === 'held') sync.release();
  }

  readonly call: FdatasyncCall = (fd, callback) => {
    this.issued += 1;
    if (!this.holding) return fdatasync(fd, callback);
    const steps = this.steps;
    const sync = {
      covers: new Set(this.committedRequestIds()),
      state: 'held' as HeldSync['state'],
      release() {
        if (sync.state !== 'held') throw new Error('this fdatasync has already answered');
        fdatasync(fd, (error) => {
          sync.state = error ? 'failed' : 'synced';
          steps.push({ kind: 'ended', sync });
          callback(error);
        });
      },
      fail(code: string) {
        if (sync.state !== 'held') throw new Error('this fdatasync has already answered');
        sync.state = 'failed';
        steps.push({ kind: 'ended', sync });
        callback(Object.assign(new Error(`${code}: injected by the test`), { code }));
      },
    };
    this.syncs.push(sync);
  };

  /** Records that the write of `requestId` was acknowledged (its promise resolved, or its 200 arrived). */
  acknowledged(requestId: string): void {
    this.steps.push({ kind: 'acknowledged', requestId });
  }

  /** The acknowledgements that no successful fdatasync, issued after the write's COMMIT, had ended before. */
  acknowledgedBeforeDurable(): string[] {
    const durable = new Set<string>();
    const early: string[] = [];
    for (const step of this.steps) {
      if (step.kind === 'ended' && step.sync.state === 'synced') step.sync.covers.forEach((id) => durable.add(id));
      if (step.kind === 'acknowledged' && !durable.has(step.requestId)) early.push(step.requestId);
    }
    return early;
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
  }

  /** Read on a connection of its own, so only COMMITted rows show. */
  private committedRequestIds(): string[] {
    if (this.dir === null) throw new Error('hold(dir) first');
    this.reader ??= new Database(join(this.dir, SQLITE_FILE_NAME), { readonly: true });
    return this.reader.prepare<[], string>('SELECT request_id FROM events').pluck().all();
  }
}
