// Durability for the embedded store without an fsync on the event loop: the connection runs
// synchronous=NORMAL and the group commit calls `sync` after each COMMIT (see group-commit.ts).
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreUnavailableError } from '../store-unavailable-error.ts';

/** The system call that makes the WAL durable: node:fs's fdatasync. Injectable so a test can see when each sync
 * is issued and ends, or make it fail (SqliteStoreOptions.fdatasync). */
export type FdatasyncCall = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => void;

export interface WalSync {
  /** Makes every COMMIT returned so far durable. */
  sync: () => Promise<void>;
  close: () => void;
}

/**
 * fdatasync of the WAL on the threadpool, in one round trip (the loop is busy: every extra step costs a turn).
 * The file is opened at the first sync, after a COMMIT, and kept: SQLite deletes the WAL only when its last
 * connection closes, and this store's connection is open until it closes the file too.
 */
export function walSync(path: string, fdatasyncCall: FdatasyncCall = fdatasync): WalSync {
  let fd: number | null = null;
  const sync = () =>
    new Promise<void>((resolve, reject) => {
      try {
        if (fd === null) {
          fd = openSync(path, 'r');
          syncDirectoryOf(path);
        }
      } catch (error) {
        return reject(new StoreUnavailableError(`SQLite store cannot open its WAL (${errorCode(error)})`, error));
      }
      fdatasyncCall(fd, (error) =>
        error
          ? reject(new StoreUnavailableError(`SQLite store cannot sync its WAL (${errorCode(error)})`, error))
          : resolve(),
      );
    });
  const close = () => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return { sync, close };
}

/** Once, when the WAL is first synced: an fdatasync of a file does not make its directory entry durable. */
function syncDirectoryOf(path: string): void {
  const directory = openSync(dirname(path), 'r');
  try {
    fsyncSync(directory);
  } finally {
    closeSync(directory);
  }
}

/** A Node.js system error's code (ENOENT...), or 'unknown'. */
export function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown';
}
