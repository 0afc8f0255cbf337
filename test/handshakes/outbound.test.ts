// What a handshake may fetch, and how: only SNS's own hosts over https or an allow-listed host:port, and every
// fetch bounded in time and size, redirects not followed.
import { LOOPBACK_OUTBOUND } from '../support/loopback-outbound.ts';
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, ConfigError } from '../../src/config.ts';
import { boundedGet } from '../../src/handshakes/bounded-fetch.ts';
import { hostOf, refusedSnsUrl } from '../../src/handshakes/outbound-allow-list.ts';

describe('the hosts a handshake may fetch from', () => {
  it('allows sns.<region>.amazonaws.com over https on its default port only', () => {
    expect(refusedSnsUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem', [])).to.equal(null);
    expect(refusedSnsUrl('https://sns.eu-west-1.amazonaws.com:443/?Action=ConfirmSubscription', [])).to.equal(null);
    expect(refusedSnsUrl('http://sns.us-east-1.amazonaws.com/cert.pem', [])).to.equal('is not https (http)');
    expect(refusedSnsUrl('https://sns.us-east-1.amazonaws.com:8443/cert.pem', [])).to.match(/port 8443/);
    expect(refusedSnsUrl('https://sns.us-east-1.amazonaws.com.evil.example/cert.pem', [])).to.match(/is neither/);
    expect(refusedSnsUrl('https://evil.example/sns.us-east-1.amazonaws.com/cert.pem', [])).to.match(/is neither/);
    expect(refusedSnsUrl('https://s3.us-east-1.amazonaws.com/cert.pem', [])).to.match(/is neither/);
    expect(refusedSnsUrl('https://user:pw@sns.us-east-1.amazonaws.com/cert.pem', [])).to.equal('carries credentials');
    expect(refusedSnsUrl('not a url', [])).to.equal('is not a URL');
    expect(refusedSnsUrl('file:///etc/passwd', [])).to.match(/is neither/);
  });

  it('allows exactly the host:port pairs of the allow-list, over http or https', () => {
    const allow = ['127.0.0.1:8080', '[::1]:8443'];
    expect(refusedSnsUrl('http://127.0.0.1:8080/cert.pem', allow)).to.equal(null);
    expect(refusedSnsUrl('https://[::1]:8443/cert.pem', allow)).to.equal(null);
    expect(refusedSnsUrl('http://127.0.0.1:8081/cert.pem', allow)).to.match(/host 127\.0\.0\.1:8081 is neither/);
    expect(refusedSnsUrl('http://127.0.0.1/cert.pem', allow)).to.match(/is neither/);
  });

  it('names only the host of a URL for a log', () => {
    expect(hostOf('https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=secret')).to.equal(
      'sns.eu-west-1.amazonaws.com',
    );
  });

  it('reads OPTLINE_OUTBOUND_ALLOW as host:port pairs (default none) and names a malformed entry', () => {
    expect(loadConfig({}).outboundAllow).to.deep.equal([]);
    expect(loadConfig({ OPTLINE_OUTBOUND_ALLOW: '127.0.0.1:9000, LOCALHOST:80,[::1]:1' }).outboundAllow).to.deep.equal([
      '127.0.0.1:9000',
      'localhost:80',
      '[::1]:1',
    ]);
    expect(() => loadConfig({ OPTLINE_OUTBOUND_ALLOW: 'https://127.0.0.1:9000' })).to.throw(
      ConfigError,
      /OPTLINE_OUTBOUND_ALLOW must be host:port pairs or address ranges \(10\.0\.0\.0\/8\) separated by commas, got "https:\/\/127\.0\.0\.1:9000"/,
    );
  });
});

describe('a bounded fetch', () => {
  let server: Server;
  let baseUrl: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/large') res.end(Buffer.alloc(10_000, 0x61));
      else if (req.url === '/redirect') res.writeHead(302, { location: 'https://evil.example/' }).end();
      else if (req.url === '/hang')
        return; // never answers
      else res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads a small answer whole', async () => {
    const answer = await boundedGet(`${baseUrl}/ok`, { timeoutMs: 5000, maxBytes: 1024, outbound: LOOPBACK_OUTBOUND });
    expect(answer).to.deep.equal({ ok: true, status: 200, body: Buffer.from('ok') });
  });

  it('stops reading past its size limit', async () => {
    const answer = await boundedGet(`${baseUrl}/large`, {
      timeoutMs: 5000,
      maxBytes: 1024,
      outbound: LOOPBACK_OUTBOUND,
    });
    expect(answer).to.deep.equal({ ok: false, reason: 'answered more than 1024 bytes' });
  });

  it('does not follow a redirect', async () => {
    const answer = await boundedGet(`${baseUrl}/redirect`, {
      timeoutMs: 5000,
      maxBytes: 1024,
      outbound: LOOPBACK_OUTBOUND,
    });
    expect(answer).to.deep.equal({ ok: false, reason: 'answered 302 (redirects are not followed)' });
  });

  it('gives up at its deadline when the peer never answers', async () => {
    const answer = await boundedGet(`${baseUrl}/hang`, { timeoutMs: 200, maxBytes: 1024, outbound: LOOPBACK_OUTBOUND });
    expect(answer).to.deep.equal({ ok: false, reason: 'no answer within 200 ms' });
  });

  it('says a refused connection is a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const answer = await boundedGet(`http://127.0.0.1:${port}/`, {
      timeoutMs: 5000,
      maxBytes: 1024,
      outbound: LOOPBACK_OUTBOUND,
    });
    expect(answer).to.deep.equal({ ok: false, reason: 'network error: ECONNREFUSED' });
  });
});
