// The `optline template suggest` contract, run in-process: the proposal it prints passes `template check` and
// `extract` reads the sample with it; bad samples get a clear finding.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileTemplate } from '../../src/template/compile-template.ts';
import { PAYLOADS_DIR } from '../support/corpus.ts';
import { hostileBodies, hostileCorpusDir } from '../support/hostile-corpus.ts';
import { optline } from '../support/optline-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'optline-suggest-'));
const sample = (name: string, text: string) => {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
};

describe('optline template suggest', () => {
  it('prints a template that `template check` accepts and `extract` reads the sample with', async () => {
    const payload = join(PAYLOADS_DIR, 'vonage.inbound.json');
    const run = await optline(['template', 'suggest', '--kind', 'inbound', '--payload', payload]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stderr).to.equal('');
    expect(run.stdout).to.match(/^\/\/ An inbound template proposed by `optline template suggest`/);
    expect(run.stdout).to.include('"msisdn": "{{profileNumber}}"');
    const template = sample('vonage.inbound.template.json', run.stdout);
    const check = await optline(['template', 'check', '--kind', 'inbound', template]);
    expect(check.stdout).to.equal(`${template}: ok (inbound)\n`);
    const extract = await optline(['extract', '--template', template, '--kind', 'inbound', '--payload', payload]);
    expect(extract.status, extract.stderr).to.equal(0);
    expect(JSON.parse(extract.stdout).events[0]).to.include({
      profileNumber: '447700900001',
      inboundNumber: '447700900000',
      requestId: '0A0000000123ABCD1',
      originTimestamp: '2020-01-01 12:00:00',
      inboundMessage: 'Hello world',
    });
  });

  it('still prints the proposal, and says it cannot read the sample yet, when a required value is missing', async () => {
    const payload = sample('no-id.json', '{"from": "447700900001", "to": "447700900000", "text": "hi"}');
    const run = await optline(['template', 'suggest', '--kind', 'inbound', '--payload', payload]);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.include('"TODO requestId": "{{requestId}}"');
    expect(run.stderr).to.match(
      /^the proposal does not extract the sample yet \(\$\["TODO requestId"\]: .*open decisions\n$/,
    );
  });

  it('refuses a sample that is not JSON, naming the file and the position', async () => {
    const payload = sample('broken.json', '{"from": ');
    const run = await optline(['template', 'suggest', '--kind', 'feedback', '--payload', payload]);
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(new RegExp(`^${payload}: invalid JSON at line 1, column \\d+`));
  });

  it('refuses a sample nested deeper than the body limits allow', async () => {
    const payload = sample('deep.json', `${'['.repeat(100)}${']'.repeat(100)}`);
    const run = await optline(['template', 'suggest', '--kind', 'inbound', '--payload', payload]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('nests deeper than 64 levels');
  });

  it('refuses a sample that is a lone value: callbacks are objects or arrays', async () => {
    const run = await optline(['template', 'suggest', '--kind', 'inbound', '--payload', sample('scalar.json', '"hi"')]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include('a sample must be a JSON object or array');
  });

  it('answers every hostile body with a finding or a proposal that compiles, and pollutes nothing', async function () {
    this.timeout(20_000);
    const bodies = hostileBodies();
    expect(bodies).to.have.length.greaterThan(5);
    for (const file of bodies) {
      for (const kind of ['inbound', 'feedback'] as const) {
        const run = await optline(['template', 'suggest', '--kind', kind, '--payload', join(hostileCorpusDir(), file)]);
        expect(run.status, `${file} ${run.stderr}`).to.be.oneOf([0, 1]);
        if (run.stdout !== '') expect(() => compileTemplate(run.stdout, { kind }), file).to.not.throw();
        else expect(run.stderr, file).to.match(/^\S+: /);
      }
    }
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('is a usage error without --kind', async () => {
    const run = await optline(['template', 'suggest', '--payload', join(PAYLOADS_DIR, 'vonage.inbound.json')]);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include("required option '--kind <kind>' not specified");
  });
});
