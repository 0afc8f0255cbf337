// The group commit on a real SQLite database, with a sync the test controls: what a caller may rely on is
// when its promise settles, relative to the COMMIT and to the sync that makes it durable.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { GroupCommit } from '../../src/store/sqlite/group-commit.ts';
import { isUnavailable, mapSqliteError } from '../../src/store/sqlite/sqlite-errors.ts';

interface Sync {
  finish(): void;
  fail(error: Error): void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('group commit with a sync', () => {
  let dir: string;
  let db: Database.Database;
  let syncs: Sync[];
  let writes: GroupCommit;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optline-group-'));
    db = new Database(join(dir, 'group.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (n INTEGER)');
    syncs = [];
    const sync = () => new Promise<void>((resolve, reject) => syncs.push({ finish: resolve, fail: reject }));
    writes = new GroupCommit(db, { aborts: isUnavailable, mapError: mapSqliteError, sync });
  });

  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const insert = (n: number, settled: number[]) =>
    writes.submit(() => db.prepare('INSERT INTO t (n) VALUES (?)').run(n)).then(() => settled.push(n));
  const rows = () => (db.prepare('SELECT COUNT(*) AS count FROM t').get() as { count: number }).count;

  it('settles a write only after the sync that started after its COMMIT, and gathers later writes meanwhile', async () => {
    const settled: number[] = [];
    const first = insert(1, settled);
    await turn();
    expect(rows()).to.equal(1);
    expect(syncs).to.have.length(1);
    const later = [insert(2, settled), insert(3, settled), insert(4, settled)];
    await turn();
    expect(settled, 'nothing settles before its sync').to.deep.equal([]);
    expect(rows(), 'no COMMIT while a sync runs').to.equal(1);

    syncs[0]?.finish();
    await first;
    await turn();
    expect(settled).to.deep.equal([1]);
    expect(rows(), 'the gathered writes commit as one group').to.equal(4);
    expect(syncs).to.have.length(2);

    syncs[1]?.finish();
    await Promise.all(later);
    expect(settled).to.deep.equal([1, 2, 3, 4]);
  });

  it('rejects every write of a group whose sync fails, and goes on with the next group', async () => {
    const settled: number[] = [];
    const failing = insert(1, settled);
    await turn();
    syncs[0]?.fail(new Error('EIO'));
    const error = await failing.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error).to.be.instanceOf(Error).with.property('message', 'EIO');

    const next = insert(2, settled);
    await turn();
    syncs[1]?.finish();
    await next;
    expect(settled).to.deep.equal([2]);
  });

  it('drains: commits what is queued and waits for its sync', async () => {
    const settled: number[] = [];
    const queued = insert(1, settled);
    const drained = writes.drain();
    await turn();
    syncs[0]?.finish();
    await drained;
    await queued;
    expect(settled).to.deep.equal([1]);
    expect(rows()).to.equal(1);
  });
});
