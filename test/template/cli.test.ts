// The `optline extract` and `optline template check` contract, run in-process as the binary runs it.
import { expect } from 'chai';
import { optline } from '../support/optline-cli.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAYLOADS_DIR } from '../support/corpus.ts';

const payload = (file: string) => join(PAYLOADS_DIR, file);
const scratch = mkdtempSync(join(tmpdir(), 'optline-cli-'));

describe('optline extract', function () {
  it('prints one JSON object for a native vendor, inbound events with the raw five and normalized', async () => {
    const run = await optline(['extract', '--vendor', 'sinch', '--payload', payload('sinch-sms.inbound.mo_text.json')]);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({
      kind: 'inbound',
      events: [
        {
          inboundMessage: 'Hello John! 👋',
          profileNumber: '12015555555',
          requestId: '01W4FFL35P4NC4K35SMSBATCH8',
          originTimestamp: '2024-06-06T07:52:37.386Z',
          inboundNumber: '12017777777',
          normalized: {
            profileNumber: '+12015555555',
            inboundNumber: '+12017777777',
            originTimestamp: '2024-06-06T07:52:37.386Z',
          },
        },
      ],
    });
  });

  it('prints feedback events with clientReference, messageId and canonical statuses', async () => {
    const run = await optline([
      'extract',
      '--vendor',
      'sinch',
      '--payload',
      payload('sinch-sms.dlr.batch-mixed.json'),
      '--kind',
      'feedback',
    ]);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({
      kind: 'feedback',
      events: [
        {
          clientReference: 'client-ref',
          messageId: '01W4FFL35P4NC4K35SMSBATCH9',
          statuses: [
            { code: 0, status: 'Delivered', canonical: 'delivered', final: true },
            { code: 412, status: 'Aborted', canonical: 'failed', final: true },
          ],
        },
      ],
    });
  });

  it('extracts with an admin template', async () => {
    const run = await optline([
      'extract',
      '--template',
      payload('vonage.feedback.template.json'),
      '--kind',
      'feedback',
      '--payload',
      payload('vonage.dlr-delivered.json'),
    ]);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout).events[0]).to.deep.equal({
      clientReference: 'my-personal-reference',
      messageId: null,
      statuses: [{ code: '0', status: 'delivered', canonical: 'delivered', final: true }],
    });
  });

  it('prints an ignored callback with its reason', async () => {
    const file = join(scratch, 'event.json');
    writeFileSync(file, JSON.stringify({ app_id: 'a', contact_create_notification: {} }));
    const run = await optline(['extract', '--vendor', 'sinch-conversational', '--payload', file]);
    expect(run.status).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.include({ kind: 'ignored', events: [] });
  });

  it('exits 1 with the path on a payload that does not match, and on a body that is not JSON', async () => {
    const mismatch = await optline(['extract', '--vendor', 'sinch', '--payload', payload('vonage.dlr-failed.json')]);
    expect(mismatch.status).to.equal(1);
    expect(mismatch.stdout).to.equal('');
    expect(mismatch.stderr).to.include('does not match at $.type');
    const form = await optline(['extract', '--vendor', 'sinch', '--payload', payload('twilio.inbound.form.txt')]);
    expect(form.status).to.equal(1);
    expect(form.stderr).to.include('invalid JSON at line 1, column 1');
  });

  it('exits 1 listing every error of a broken template', async () => {
    const file = join(scratch, 'broken.template.json');
    writeFileSync(file, '{\n  "id": "{{client_reference}}",\n  "s": "{{stauts}}"\n  "c": "{{code}}"\n}\n');
    const run = await optline([
      'extract',
      '--template',
      file,
      '--kind',
      'feedback',
      '--payload',
      payload('vonage.dlr-failed.json'),
    ]);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.include(`${file}:3:9: unknown placeholder {{stauts}}; did you mean {{status}}?`);
    expect(run.stderr).to.include(`${file}:4:3: expected`);
  });

  it('exits 2 on bad usage', async () => {
    expect((await optline(['extract', '--payload', payload('vonage.dlr-failed.json')])).status).to.equal(2);
    expect(
      (await optline(['extract', '--vendor', 'acme', '--payload', payload('vonage.dlr-failed.json')])).status,
    ).to.equal(2);
    expect((await optline(['extract', '--vendor', 'sinch', '--template', 'x', '--payload', 'y'])).status).to.equal(2);
    expect(
      (await optline(['extract', '--vendor', 'sinch', '--payload', join(scratch, 'missing.json')])).status,
    ).to.equal(2);
  });
});

describe('optline template check', function () {
  it('accepts the corpus templates and says which kind each is', async () => {
    const run = await optline([
      'template',
      'check',
      payload('vonage.inbound.template.json'),
      payload('telnyx.feedback.template.json'),
    ]);
    expect(run.status).to.equal(0);
    expect(run.stdout)
      .to.include('vonage.inbound.template.json: ok (inbound)')
      .and.include('telnyx.feedback.template.json: ok (feedback)');
  });

  it('prints every error of every file as FILE:line:column: message and exits 1', async () => {
    const good = payload('vonage.inbound.template.json');
    const bad = join(scratch, 'bad.template.json');
    writeFileSync(bad, '{\n  "__proto__": "{{requestId}}",\n  "a": "{{requestId}}",\n  "b": "{{requestId}}"\n}\n');
    const run = await optline(['template', 'check', '--kind', 'inbound', good, bad]);
    expect(run.status).to.equal(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).to.match(/vonage\.inbound\.template\.json: ok \(inbound\)$/);
    expect(lines.slice(1)).to.deep.equal([
      `${bad}:1:1: missing {{inboundMessage}} {{profileNumber}}: a Custom inbound template must place all of {{inboundMessage}} {{profileNumber}} {{requestId}}`,
      `${bad}:2:3: the key "__proto__" is not allowed: templates may not address the prototype chain`,
      `${bad}:4:9: duplicate placeholder {{requestId}}: already placed at line 3, column 9`,
    ]);
  });

  it('prints the warnings of a template that compiles as FILE:line:column: warning: message, and exits 0', async () => {
    const file = join(scratch, 'no-timestamp.template.json');
    writeFileSync(
      file,
      '{ "id": "{{requestId}}", "from": "{{profileNumber}}", "to": "{{inboundNumber}}", "text": "{{inboundMessage}}" }\n',
    );
    const run = await optline(['template', 'check', file]);
    expect(run.status).to.equal(0);
    expect(run.stdout.trim().split('\n')).to.deep.equal([
      `${file}:1:1: warning: the template does not place {{originTimestamp}}: events take the time Optline received them`,
      `${file}: ok (inbound)`,
    ]);
  });
});
