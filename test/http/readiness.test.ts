// /readyz says ready only when a callback could be stored now (issue 15, finding 8): with the disk full every
// callback gets a 503, so readiness must too, and must come back once writes succeed again.
import { expect } from 'chai';
import { fdatasync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { FdatasyncCall } from '../../src/store/sqlite/wal-sync.ts';
import type { Store } from '../../src/store/store.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import * as callbacks from '../support/callbacks.ts';

describe('readiness of the embedded store', () => {
  let store: Store;
  let service: RunningService;
  let diskFull = false;
  // The WAL's fdatasync answers ENOSPC while the "disk is full", as a full file system does.
  const sync: FdatasyncCall = (fd, callback) =>
    diskFull
      ? callback(Object.assign(new Error('ENOSPC: injected by the test'), { code: 'ENOSPC' }))
      : fdatasync(fd, callback);

  before(async () => {
    store = await openSqliteStore({ dir: mkdtempSync(join(tmpdir(), 'optline-ready-')), fdatasync: sync });
    service = await startService({ store });
  });
  after(async () => {
    diskFull = false;
    await service.close();
    await store.close();
  });

  const readyz = async () => (await fetch(`${service.baseUrl}/readyz`)).status;
  const callback = (requestId: string) =>
    postJson(
      service.urlOf('e2e-sinch'),
      callbacks.sinch.inbound({ requestId, from: '+12025550177', to: '+15550100', text: 'STOP', at: new Date() }),
    );

  it('is not ready while a write cannot be made durable, and ready again once it can', async () => {
    expect(await readyz()).to.equal(200);
    diskFull = true;
    expect((await callback('ready-1')).status, 'the callback is refused').to.equal(503);
    expect(await readyz(), 'readiness agrees with the callback').to.equal(503);
    diskFull = false;
    expect(await readyz()).to.equal(200);
    expect((await callback('ready-1')).status).to.equal(200);
  });
});
