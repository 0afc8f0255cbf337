// Takes an embedded store away the way a real outage would: a second connection holds an exclusive lock on
// the database file, so every write of the service times out until the lock is released.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../../src/store/sqlite/sqlite-store.ts';

/** `fileName`: the event store's by default; the admin store has its own. */
export function lockDatabaseExclusively(dataDir: string, fileName = SQLITE_FILE_NAME): () => void {
  const db = new Database(join(dataDir, fileName));
  db.exec('BEGIN EXCLUSIVE');
  return () => {
    db.exec('ROLLBACK');
    db.close();
  };
}
