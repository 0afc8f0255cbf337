// Killing a dispatcher while the vendor holds its request (the vendor has the message, the dispatcher never
// hears back), then letting another take over: a vendor that can be asked gets the reply once; one that cannot
// gets it again (the documented limitation).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import * as callbacks from '../support/callbacks.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { startFakeVendors, type FakeVendor, type FakeVendors } from '../support/fake-send-clients.ts';
import { postJson, startService, type RunningService } from '../support/service.ts';
import { until } from '../support/until.ts';

const LEASE_MS = 1500;

describe('a dispatcher killed mid-send (SIGKILL), on the embedded store', function () {
  this.timeout(60_000);
  let dir: string;
  let store: Store;
  let service: RunningService;
  let vendors: FakeVendors;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'optline-dispatch-crash-'));
    store = await openSqliteStore({ dir });
    service = await startService({ store });
    vendors = await startFakeVendors();
  });
  afterEach(async () => {
    await vendors.close();
    await service.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Queues STOP replies for two people, holds the first send, kills the dispatcher, lets another finish. */
  async function killMidSend(vendor: FakeVendor, build: callbacks.VendorCallbacks): Promise<string[]> {
    const people = ['+12025558001', '+12025558002'];
    for (const [index, from] of people.entries()) {
      const body = build.inbound({
        requestId: `crash-${index}`,
        from,
        to: vendor.senderNumber,
        text: 'STOP',
        at: new Date(),
      });
      expect((await postJson(service.urlOf(vendor.webhookId), body)).status).to.equal(200);
    }
    vendor.provider.holdNext();
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'test', 'support', 'run-dispatcher.ts')], {
      cwd: REPO_DIR,
      env: {
        ...process.env,
        OPTLINE_DATA: dir,
        SINCH_URL: vendors.sinch.provider.baseUrl,
        CONVERSATION_URL: vendors.conversation.provider.baseUrl,
        LEASE_MS: String(LEASE_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const settled = async () => (await store.outbox({ state: 'sent' })).length === 1;
    await until(async () => vendor.provider.accepted.length === 2 && (await settled()), {
      timeoutMs: 20_000,
      context: () => `dispatcher output:\n${output}`,
    });
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).to.equal('SIGKILL');
    const states = (await store.outbox({})).map((entry) => entry.state).sort();
    expect(states, 'one reply was settled, the held one is still leased').to.deep.equal(['sending', 'sent']);

    const next = new Dispatcher({
      store,
      clientFor: vendors.clientFor,
      logger: pino({ level: 'silent' }),
      leaseMs: LEASE_MS,
      pollIntervalMs: 10,
    });
    next.start();
    try {
      await until(async () => (await store.outbox({ state: 'sent' })).length === 2, {
        timeoutMs: 20_000,
        context: () => `dispatcher output:\n${output}`,
      });
    } finally {
      await next.stop();
    }
    return vendor.provider.accepted.map((request) => String(vendor.sentOf(request).reference));
  }

  it('sends nothing twice when the vendor can be asked (Sinch: batches by client_reference)', async () => {
    const references = await killMidSend(vendors.sinch, callbacks.sinch);
    const entries = await store.outbox({});
    expect([...references].sort()).to.deep.equal(entries.map((entry) => entry.id).sort());
    expect(vendors.sinch.provider.lookups).to.have.length(1);
    const taken = entries.find((entry) => entry.attempts === 2);
    expect(taken).to.deep.include({ state: 'sent', inDoubt: false });
    expect(taken?.providerMessageId).to.match(/^01SINCHBATCH/);
  });

  it('sends the held reply again when the vendor cannot be asked (Sinch Conversation): the documented limitation', async () => {
    const references = await killMidSend(vendors.conversation, callbacks.sinchConversational);
    expect(references).to.have.length(3);
    expect(new Set(references).size).to.equal(2);
  });
});
