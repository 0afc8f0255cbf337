// Which SQLite failures mean "cannot store right now" (the caller answers 503) rather than a bug.
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../store-unavailable-error.ts';

const { SqliteError } = Database;
const UNAVAILABLE = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PROTOCOL',
];

/** True for SQLITE_BUSY, SQLITE_IOERR_WRITE and the like: the primary code decides. */
export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof SqliteError && UNAVAILABLE.some((code) => error.code === code || error.code.startsWith(`${code}_`))
  );
}

/** Rethrows unavailability as StoreUnavailableError, anything else unchanged. */
export function mapSqliteError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError || !isUnavailable(error)) return error;
  const code = error instanceof SqliteError ? error.code : 'unknown';
  return new StoreUnavailableError(`SQLite store unavailable (${code})`, error);
}
