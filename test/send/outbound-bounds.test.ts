// Issue 15, findings 6, 9 and 11: what Optline reads of a provider's answer is capped, what it keeps of an
// answer holds nothing the request carried, and no outbound request reaches a loopback, private or link-local
// address unless OPTLINE_OUTBOUND_ALLOW lists it.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedGet } from '../../src/handshakes/bounded-fetch.ts';
import { PUBLIC_ONLY } from '../../src/send/outbound-policy.ts';
import { MAX_ANSWER_BYTES } from '../../src/send/outbound-request.ts';
import { lookupProviderMessage } from '../../src/send/provider-lookup.ts';
import { sendProviderRequest, type ProviderRequest } from '../../src/send/provider-request.ts';
import { LOOPBACK_OUTBOUND } from '../support/loopback-outbound.ts';

const TOTAL_BYTES = 64 * 1024 * 1024;

interface Fake {
  url: string;
  port: number;
  requests: number;
  /** Bytes of the answer the socket accepted before the client closed it. */
  written: number;
  close(): Promise<void>;
}

async function fakeProvider(answer: 'huge' | 'echo'): Promise<Fake> {
  const fake = { url: '', port: 0, requests: 0, written: 0, close: async () => {} };
  const server: Server = createServer((req, res) => {
    fake.requests += 1;
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (answer === 'echo') {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad request', echo: { headers: req.headers, url: req.url, body } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => {
        while (fake.written < TOTAL_BYTES && !res.destroyed) {
          fake.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.destroy());
      pump();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  fake.port = (server.address() as AddressInfo).port;
  fake.url = `http://127.0.0.1:${fake.port}`;
  fake.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return fake;
}

const post = (url: string, headers: Record<string, string> = {}): ProviderRequest => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ to: '+15557654321', text: 'You are unsubscribed from ACME alerts.' }),
});

describe('provider answers are read up to a cap', () => {
  let fake: Fake;
  beforeEach(async () => (fake = await fakeProvider('huge')));
  afterEach(() => fake.close());

  it(`stops reading a send's answer past ${MAX_ANSWER_BYTES} bytes and settles it as accepted without an id`, async () => {
    const outcome = await sendProviderRequest(post(`${fake.url}/send`), () => null, { outbound: LOOPBACK_OUTBOUND });
    expect(outcome).to.deep.equal({
      ok: false,
      retryable: false,
      reason: 'accepted with HTTP 200, but the response names no message id: an answer over 256 KiB, not read',
    });
    expect(fake.written).to.be.below(TOTAL_BYTES / 2);
  });

  it('stops reading a lookup answer past the cap, and concludes nothing', async () => {
    const outcome = await lookupProviderMessage(`${fake.url}/lookup`, 'Bearer t0ken-value', () => null, {
      outbound: LOOPBACK_OUTBOUND,
    });
    expect(outcome).to.deep.equal({ kind: 'unknown', reason: `lookup answered more than ${MAX_ANSWER_BYTES} bytes` });
    expect(fake.written).to.be.below(TOTAL_BYTES / 2);
  });
});

describe('what is kept of a provider answer that echoes the request', () => {
  it('holds neither the credentials, the number nor the message text the request carried', async () => {
    const fake = await fakeProvider('echo');
    try {
      const secret = 'sk_live_9f8e7d6c5b4a';
      const basic = `Basic ${Buffer.from(`acct-42:${secret}`).toString('base64')}`;
      const variants: Array<Record<string, string>> = [
        { authorization: `Bearer ${secret}` },
        { authorization: basic },
        { 'x-api-key': secret },
      ];
      for (const headers of variants) {
        const request = post(`${fake.url}/send?token=${secret}`, headers);
        const outcome = await sendProviderRequest(request, () => null, { outbound: LOOPBACK_OUTBOUND });
        expect(outcome.ok).to.equal(false);
        const reason = outcome.ok ? '' : outcome.reason;
        expect(reason).to.match(/^HTTP 400: /);
        expect(reason).to.contain('[redacted]');
        for (const kept of [secret, basic.slice(6), '+15557654321', '5557654321', 'unsubscribed from ACME'])
          expect(reason, kept).not.to.contain(kept);
      }
    } finally {
      await fake.close();
    }
  });
});

describe('outbound requests reach public addresses only, unless allowed', () => {
  let fake: Fake;
  beforeEach(async () => (fake = await fakeProvider('echo')));
  afterEach(() => fake.close());

  it('refuses a send to a loopback address, by literal and by a name that resolves to one, before connecting', async () => {
    for (const url of [
      `${fake.url}/send`,
      `http://localhost:${fake.port}/send`,
      `http://[::ffff:127.0.0.1]:${fake.port}/`,
    ]) {
      const outcome = await sendProviderRequest(post(url), () => 'id');
      expect(outcome, url).to.include({ ok: false, retryable: false });
      expect(outcome.ok ? '' : outcome.reason, url).to.match(
        /^refused to connect: .* is a loopback, private or link-local address \(allow it in OPTLINE_OUTBOUND_ALLOW\)$/,
      );
    }
    expect(fake.requests).to.equal(0);
  });

  it('refuses private and link-local addresses (the cloud metadata service) for sends, lookups and handshakes', async () => {
    for (const host of [
      '169.254.169.254',
      '10.1.2.3',
      '192.168.0.1',
      '172.16.5.5',
      '[fe80::1]',
      '[fd00::1]',
      '0.0.0.0',
    ]) {
      const outcome = await sendProviderRequest(post(`http://${host}/latest/meta-data`), () => 'id');
      expect(outcome.ok ? '' : outcome.reason, host).to.match(/^refused to connect: /);
    }
    const lookup = await lookupProviderMessage('http://169.254.169.254/x', 'Bearer t', () => null);
    expect(lookup)
      .to.have.property('reason')
      .that.match(/^lookup refused: 169\.254\.169\.254 is a loopback/);
    const handshake = await boundedGet(`${fake.url}/cert.pem`, {
      timeoutMs: 5000,
      maxBytes: 1024,
      outbound: PUBLIC_ONLY,
    });
    expect(handshake)
      .to.have.property('reason')
      .that.match(/^refused to connect: 127\.0\.0\.1 is a loopback/);
    expect(fake.requests).to.equal(0);
  });

  it('reaches an address an allowed range covers, and a host:port listed as such, by name as well', async () => {
    const byRange = await sendProviderRequest(post(`http://localhost:${fake.port}/send`), () => 'id', {
      outbound: LOOPBACK_OUTBOUND,
    });
    expect(byRange.ok ? '' : byRange.reason).to.match(/^HTTP 400/);
    const byHostPort = await sendProviderRequest(post(`http://localhost:${fake.port}/send`), () => 'id', {
      outbound: { allow: [`localhost:${fake.port}`] },
    });
    expect(byHostPort.ok ? '' : byHostPort.reason).to.match(/^HTTP 400/);
    const otherPort = await sendProviderRequest(post(`http://localhost:${fake.port}/send`), () => 'id', {
      outbound: { allow: [`localhost:${fake.port + 1}`] },
    });
    expect(otherPort.ok ? '' : otherPort.reason).to.match(/^refused to connect: localhost resolves to /);
    expect(fake.requests).to.equal(2);
  });
});
