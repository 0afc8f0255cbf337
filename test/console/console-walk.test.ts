// The console walked in a real browser (Chromium through playwright-core) against the service as `npm start`
// runs it, with a fake Sinch receiving the replies: sign in, create credentials and channels, create webhooks
// through the form, send callbacks to the copied URL, read consent, edit and see the revision diff, delete,
// and read the report. Every screen visited is saved as a screenshot under test-results/console/.
// Without Chromium (CHROME_PATH, else /usr/bin/chromium) the suite is skipped, never failed.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import * as callbacks from '../support/callbacks.ts';
import { REPO_DIR } from '../support/corpus.ts';
import { startFakeSinch, type FakeProvider } from '../support/fake-providers.ts';
import { startServiceProcess, type ServiceProcess } from '../support/service-process.ts';
import { startService, type RunningService } from '../support/service.ts';
import { until } from '../support/until.ts';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(REPO_DIR, 'test-results', 'console');
const ADMIN_TOKEN = 'console-walk-admin-token';
const PLAN = 'plan-console';
const SINCH_TOKEN = 'console-sinch-token';
const SENDER = '+15550100';
const PEOPLE = {
  stop: '+15557770001',
  halt: '+15557770002',
  no: '+15557770003',
  leave: '+15557770004',
  late: '+15557770005',
};

describe('the console in a browser: the admin walk', function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  let service: ServiceProcess;
  let sinch: FakeProvider;
  let rulesDir: string;
  let dataDir: string;
  let shot = 0;
  const browserErrors: string[] = [];

  before(async function () {
    if (!existsSync(CHROME)) {
      console.log(`    skipped: no Chromium at ${CHROME} (set CHROME_PATH to run the console walk)`);
      this.skip();
    }
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    rulesDir = await mkdtemp(join(tmpdir(), 'optline-console-rules-'));
    dataDir = await mkdtemp(join(tmpdir(), 'optline-console-data-'));
    sinch = await startFakeSinch({ servicePlanId: PLAN, token: SINCH_TOKEN });
    const fileWebhook = {
      id: 'file-reports',
      name: 'File reports',
      version: '1.0.0',
      vendor: 'infobip',
      type: 'feedback',
    };
    await writeFile(join(rulesDir, 'file-reports.webhook.json'), JSON.stringify(fileWebhook));
    service = await startServiceProcess({
      OPTLINE_RULES: rulesDir,
      OPTLINE_DATA: dataDir,
      OPTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      OPTLINE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
      // The fake Sinch, and the port the Infobip and Custom credentials name (nothing listens there: never sent to).
      OPTLINE_OUTBOUND_ALLOW: `${new URL(sinch.baseUrl).host},127.0.0.1:9`,
      OPTLINE_DISPATCH_POLL_MS: '20',
    });
    browser = await chromium.launch({ executablePath: CHROME, headless: true, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: service.baseUrl });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => browserErrors.push(error.message));
    page.on('console', (message) => {
      // A 401 before sign-in is how the console learns there is no session: only script errors count.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        browserErrors.push(message.text());
    });
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    await sinch?.close();
    if (rulesDir) await rm(rulesDir, { recursive: true, force: true });
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  afterEach(function () {
    // A Content-Security-Policy refusal or a script error shows in the browser's console, not on the screen.
    expect(browserErrors, 'errors in the browser console').to.deep.equal([]);
  });

  const screenshot = async (name: string) => {
    shot += 1;
    await page.screenshot({ path: join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
  const screen = async (link: string) => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: link }).waitFor();
  };
  const row = (name: string | RegExp): Locator => page.getByRole('row', { name });
  const textOf = async (locator: Locator) => (await locator.textContent()) ?? '';

  it('serves the console at / under a policy that runs no inline script, and signs in with the admin token', async () => {
    const served = await page.goto(`${service.baseUrl}/`);
    expect(new URL(page.url()).pathname).to.equal('/console/');
    const policy = (await served?.allHeaders())?.['content-security-policy'] ?? '';
    expect(policy).to.match(/(^|; )script-src 'self'(;|$)/);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That admin token is not valid').waitFor();
    await screenshot('sign-in-refused');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as admin').waitFor();
    await page.getByRole('heading', { name: 'SMS Webhooks' }).waitFor();
    const fromFile = row('File reports');
    await fromFile.waitFor();
    expect(await textOf(fromFile)).to.contain('Read-only: defined in the file file-reports.webhook.json');
    expect(await fromFile.getByRole('button', { name: 'Edit' }).count(), 'a file-defined webhook has no Edit').to.equal(
      0,
    );
    expect(await fromFile.getByRole('button', { name: 'Delete' }).count()).to.equal(0);
    await screenshot('webhooks-file-defined');
  });

  it('creates API credentials pointing at the fake Sinch, with the secret write-only', async () => {
    await screen('API credentials');
    const create = async (name: string, vendor: string, baseUrl: string, accountId: string, secret: string) => {
      await page.getByRole('button', { name: 'Create credentials' }).click();
      await page.getByLabel('Credentials name').fill(name);
      await page.getByLabel('Vendor').selectOption({ label: vendor });
      await page.getByLabel('Base URL').fill(baseUrl);
      await page.getByLabel('Account ID').fill(accountId);
      await page.getByLabel('Secret').fill(secret);
      await page.getByRole('button', { name: 'Save credentials' }).click();
      await row(name).waitFor();
    };
    await create('walk-sinch', 'Sinch', sinch.baseUrl, PLAN, SINCH_TOKEN);
    // A base URL at a link-local address (a cloud's metadata service) is refused next to its field when saved.
    await page.getByRole('button', { name: 'Create credentials' }).click();
    await page.getByLabel('Credentials name').fill('walk-metadata');
    await page.getByLabel('Vendor').selectOption({ label: 'Infobip' });
    await page.getByLabel('Base URL').fill('http://169.254.169.254');
    await page.getByLabel('Secret').fill('infobip-api-key');
    await page.getByRole('button', { name: 'Save credentials' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'link-local' });
    await refused.waitFor();
    expect(await textOf(refused)).to.contain('OPTLINE_OUTBOUND_ALLOW');
    await screenshot('credentials-base-url-refused');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await create('walk-infobip', 'Infobip', 'http://127.0.0.1:9', '', 'infobip-api-key');
    await create('walk-custom', 'Custom', 'http://127.0.0.1:9', '', 'custom-api-key');
    expect(await textOf(page.locator('main'))).not.to.contain(SINCH_TOKEN);
    // An edit that leaves the secret empty keeps it: the replies below reach the fake Sinch, which checks it.
    await row('walk-sinch').getByRole('button', { name: 'Edit' }).click();
    expect(await page.getByLabel('Secret').inputValue()).to.equal('');
    await page.getByText('Write-only: leave empty to keep the stored secret.').waitFor();
    await screenshot('credentials-edit');
    await page.getByRole('button', { name: 'Save credentials' }).click();
    await page.getByText('Saved the credentials walk-sinch.').waitFor();
    await screenshot('credentials');
  });

  it('creates channel configurations for the sender numbers', async () => {
    await screen('Channel configurations');
    const create = async (name: string, credentials: string, numbers: string) => {
      await page.getByRole('button', { name: 'Create channel configuration' }).click();
      await page.getByLabel('Channel name').fill(name);
      await page.getByLabel('API credentials').selectOption(credentials);
      await page.getByLabel('Sender numbers').fill(numbers);
      await page.getByRole('button', { name: 'Save channel configuration' }).click();
      await row(name).waitFor();
    };
    await create('walk-sinch', 'walk-sinch', SENDER);
    await create('walk-infobip', 'walk-infobip', '+15550102');
    await create('walk-custom', 'walk-custom', '+15550104');
    await screenshot('channels');
  });

  it('creates a Sinch inbound webhook: Opt-Out without "No", with "Halt", and its replies', async () => {
    await screen('SMS Webhooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByRole('heading', { name: 'Create webhook' }).waitFor();
    await page.getByLabel('Name').fill('Walk Sinch');
    await page.getByLabel('SMS vendor').selectOption({ label: 'Sinch' });
    expect(await page.getByLabel('Type').count(), 'Sinch asks no type').to.equal(0);
    expect(await page.locator('option', { hasText: 'Twilio' }).isDisabled()).to.equal(true);
    await page.getByLabel('API credentials').selectOption('walk-sinch');
    await page.getByLabel('Sender phone number').fill(SENDER);
    await page.getByLabel('Inbound keyword category').selectOption({ label: 'Opt-In' });
    await page.getByLabel('Reply message', { exact: true }).fill('Walk: you are subscribed.');
    await page.getByLabel('Inbound keyword category').selectOption({ label: 'Opt-Out' });
    for (const keyword of ['Stop', 'Quit', 'Cancel', 'End', 'Unsubscribe', 'No'])
      await page.getByRole('button', { name: `Remove ${keyword}` }).waitFor();
    await page.getByRole('button', { name: 'Remove No' }).click();
    await page.getByLabel('Enter a keyword').fill('Halt');
    await page.getByLabel('Enter a keyword').press('Enter');
    await page.getByRole('button', { name: 'Remove Halt' }).waitFor();
    expect(await page.getByRole('button', { name: 'Remove No' }).count()).to.equal(0);
    await page.getByLabel('Reply message', { exact: true }).fill('Walk: you are unsubscribed.');
    expect(await page.getByRole('switch', { name: 'Fuzzy logic' }).isChecked()).to.equal(true);
    await page.getByLabel('Fuzzy auto response').fill('Walk: to stop, reply STOP.');
    await page.getByLabel('Inbound keyword category').selectOption({ label: 'Help' });
    await page.getByRole('button', { name: 'Remove Information' }).waitFor();
    await page.getByLabel('Default reply message').fill('Walk: reply STOP to stop.');
    await screenshot('webhook-create-sinch');
    await page.getByRole('button', { name: 'Submit' }).click();
    await row('Walk Sinch').waitFor();
    expect(await textOf(row('Walk Sinch'))).to.contain('active');
    await screenshot('webhooks-sinch');
  });

  it('copies the URL, and the callbacks sent to it decide consent: STOP and HALT opt out, NO does not', async () => {
    const shown = await textOf(row('Walk Sinch').locator('code.url'));
    await row('Walk Sinch').getByRole('button', { name: 'Copy webhook URL' }).click();
    await page.getByText('Copied the URL of Walk Sinch.').waitFor();
    const copied = String(await page.evaluate('navigator.clipboard.readText()'));
    expect(copied)
      .to.equal(shown)
      .and.to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
    let sequence = 0;
    for (const [text, from] of [
      ['STOP', PEOPLE.stop],
      ['HALT', PEOPLE.halt],
      ['NO', PEOPLE.no],
    ] as const) {
      sequence += 1;
      const body = callbacks.sinch.inbound({ requestId: `walk-${sequence}`, from, to: SENDER, text, at: new Date() });
      const response = await fetch(copied, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status, await response.text()).to.equal(200);
    }
    await until(() => sinch.accepted.length >= 3, { timeoutMs: 15_000, context: () => service.output() });
    const replies = sinch.accepted.map((request) => (request.json as { body: string }).body).sort();
    expect(replies).to.deep.equal([
      'Walk: reply STOP to stop.',
      'Walk: you are unsubscribed.',
      'Walk: you are unsubscribed.',
    ]);
  });

  it('looks the numbers up on Consent: opted out, opted out, none', async () => {
    await screen('Consent');
    const lookUp = async (number: string) => {
      await page.getByLabel('Phone number').fill(number);
      await page.getByRole('button', { name: 'Look up' }).click();
      await page.getByLabel(`Consent of ${number}`).waitFor();
      return textOf(page.getByLabel(`Consent of ${number}`));
    };
    const stopped = await lookUp(PEOPLE.stop);
    expect(stopped).to.contain('State: opted-out').and.to.contain('STOP').and.to.contain('walk-sinch');
    await screenshot('consent-opted-out');
    expect(await lookUp(PEOPLE.halt)).to.contain('State: opted-out');
    expect(await lookUp(PEOPLE.no)).to.contain('No consent recorded');
    await screenshot('consent-none');
  });

  it('creates an Infobip inbound and feedback pair; the feedback one has no keywords', async () => {
    await screen('SMS Webhooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByLabel('Name').fill('Walk Infobip inbound');
    await page.getByLabel('SMS vendor').selectOption({ label: 'Infobip' });
    await page.getByLabel('Type').selectOption({ label: 'Inbound' });
    await page.getByLabel('API credentials').selectOption('walk-infobip');
    await page.getByLabel('Sender phone number').fill('+15550102');
    await page.getByRole('button', { name: 'Submit' }).click();
    await row('Walk Infobip inbound').waitFor();

    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByLabel('Name').fill('Walk Infobip feedback');
    await page.getByLabel('SMS vendor').selectOption({ label: 'Infobip' });
    await page.getByLabel('Type').selectOption({ label: 'Feedback' });
    expect(await page.getByLabel('Enter a keyword').count(), 'a feedback webhook has no keywords').to.equal(0);
    await screenshot('webhook-create-feedback');
    await page.getByRole('button', { name: 'Submit' }).click();
    await row('Walk Infobip feedback').waitFor();
    expect(await textOf(row('Walk Infobip feedback'))).to.contain('Feedback');
  });

  it('creates a Custom webhook: the template error shows at its line, a payload is tried, then saved', async () => {
    await screen('SMS Webhooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByLabel('Name').fill('Walk Custom');
    await page.getByLabel('SMS vendor').selectOption({ label: 'Custom' });
    await page.getByLabel('Type').selectOption({ label: 'Inbound' });
    await page.getByLabel('API credentials').selectOption('walk-custom');
    await page.getByLabel('Sender phone number').fill('+15550104');
    await page.getByRole('button', { name: 'View payload editor' }).click();
    const editor = page.getByRole('textbox', { name: 'Payload template' });
    const typeTemplate = async (template: string) => {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(template);
    };
    await typeTemplate(
      '{\n  "from": "{{profileNumber}}",\n  "to": "{{inboundNumber}}",\n  "text": "{{inboundMesage}}",\n  "id": "{{requestId}}"\n}',
    );
    const problems = page.getByRole('list', { name: 'Template problems' });
    await problems.waitFor();
    expect(await textOf(problems)).to.match(/Line 4, column \d+: .*inboundMesage/);
    await screenshot('payload-editor-error');
    await typeTemplate(
      '{\n  "from": "{{profileNumber}}",\n  "to": "{{inboundNumber}}",\n  "text": "{{inboundMessage}}",\n  "id": "{{requestId}}"\n}',
    );
    await page.getByText('The template compiles.').waitFor();
    await page
      .getByLabel('Try a payload')
      .fill(JSON.stringify({ from: '+15557770009', to: '+15550104', text: 'STOP', id: 'c-1' }));
    await page.getByRole('button', { name: 'Extract events' }).click();
    await page.getByText('Matched: 1 event.').waitFor();
    expect(await textOf(page.getByLabel('Extracted events'))).to.contain('+15557770009');
    await page
      .getByLabel('Try a payload')
      .fill(JSON.stringify({ from: '+15557770009', to: '+15550104', text: 7, id: 'c-1' }));
    await page.getByRole('button', { name: 'Extract events' }).click();
    await page.getByText(/No match at \$\.text/).waitFor();
    await screenshot('payload-editor-try');
    await page.getByRole('button', { name: 'Submit' }).click();
    await row('Walk Custom').waitFor();
  });

  it('shows the API problems next to their fields', async () => {
    await screen('SMS Webhooks');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await page.getByLabel('Name').fill('Walk Broken');
    await page.getByLabel('API credentials').selectOption('walk-sinch');
    await page.getByLabel('Sender phone number').fill('not a number');
    await page.getByRole('button', { name: 'Submit' }).click();
    const problem = page.locator('#senderNumber-problem');
    await problem.waitFor();
    expect(await textOf(problem)).to.match(/E\.164|short code|number/i);
    await screenshot('webhook-problems');
    await page.getByRole('link', { name: 'Cancel' }).click();
  });

  it('edits a webhook and shows the revision diff with its author', async () => {
    await screen('SMS Webhooks');
    await row('Walk Sinch').getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit webhook Walk Sinch' }).waitFor();
    expect(await page.getByLabel('Default reply message').inputValue()).to.equal('Walk: reply STOP to stop.');
    await page.getByLabel('Default reply message').fill('Walk: reply STOP to stop, HELP for help.');
    await page.getByRole('button', { name: 'Submit' }).click();
    await row('Walk Sinch').getByRole('link', { name: 'Revisions' }).click();
    const diff = page.getByLabel('Revision diff');
    await diff.waitFor();
    const text = await textOf(diff);
    expect(text).to.match(/^- +"defaultReply": "Walk: reply STOP to stop.",?$/m);
    expect(text).to.match(/^\+ +"defaultReply": "Walk: reply STOP to stop, HELP for help.",?$/m);
    expect(await textOf(page.getByRole('table'))).to.contain('admin');
    await screenshot('revisions');
  });

  it('deletes a webhook after confirmation, and its URL answers 404', async () => {
    await screen('SMS Webhooks');
    const url = await textOf(row('Walk Infobip feedback').locator('code.url'));
    await row('Walk Infobip feedback').getByRole('button', { name: 'Delete' }).click();
    await screenshot('webhook-delete-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByText('Deleted Walk Infobip feedback').waitFor();
    expect(await row('Walk Infobip feedback').count()).to.equal(0);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).to.equal(404);
  });

  it('charts the messages on Reports, with the numbers beside', async () => {
    await screen('Reports');
    const table = page.getByRole('table', { name: 'Messages per day' });
    await table.waitFor();
    const today = new Date().toISOString().slice(0, 10);
    const cells = await table
      .getByRole('row', { name: new RegExp(today) })
      .getByRole('cell')
      .allTextContents();
    // Opt-outs, opt-ins, replies delivered, failed and pending follow the inbound categories.
    expect(cells.slice(-5)[0], 'opt-outs').to.equal('2');
    await page.locator('.chart canvas').waitFor();
    await screenshot('reports');
  });

  it('tries a message without storing it', async () => {
    await screen('Try a message');
    await page.getByLabel('Webhook').selectOption({ label: 'Walk Sinch' });
    await page.getByLabel('Message text').fill('halt');
    await page.getByRole('button', { name: 'Try it' }).click();
    const answer = page.getByLabel('Classification');
    await answer.waitFor();
    expect(await textOf(answer)).to.contain('Walk: you are unsubscribed.');
    await screenshot('try-a-message');
  });

  const adminApi = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const sendInbound = async (requestId: string, from: string, text: string) => {
    const url = await (async () => {
      await screen('SMS Webhooks');
      return textOf(row('Walk Sinch').locator('code.url'));
    })();
    const body = callbacks.sinch.inbound({ requestId, from, to: SENDER, text, at: new Date() });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.text()).to.equal(200);
  };
  const lookUpConsent = async (number: string) => {
    await screen('Consent');
    await page.getByLabel('Phone number').fill(number);
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByLabel(`Consent of ${number}`).waitFor();
    return page.getByLabel(`Consent of ${number}`);
  };

  it('says what to do next when the review queue is empty', async () => {
    await screen('Reviews');
    await page.getByText(/Nothing to review\. A message that reads like an opt-out/).waitFor();
    await screenshot('reviews-empty');
  });

  it("lists a revocation in the person's own words; the reviewer opts them out with a note, once", async () => {
    const before = sinch.accepted.length;
    await sendInbound('walk-leave', PEOPLE.leave, 'please leave me alone');
    await screen('Reviews');
    const item = row(new RegExp(`^Review of \\${PEOPLE.leave}`));
    await item.waitFor();
    const shown = await textOf(item);
    expect(shown)
      .to.contain('please leave me alone')
      .and.to.match(/F4-phrase:/)
      .and.to.contain('none');
    await screenshot('reviews-open');
    await item.getByLabel('Note').fill('asked to be left alone');
    await item.getByRole('button', { name: 'Opt out' }).click();
    await page.getByText('Opted the person out; the opt-out reply is queued.').waitFor();
    await until(async () => /Resolved: opt-out by admin/.test(await textOf(item)), { timeoutMs: 10_000 });
    expect(await textOf(item)).to.contain('Note: asked to be left alone');
    expect(await item.getByRole('button', { name: 'Opt out' }).count(), 'deciding is not offered twice').to.equal(0);
    expect(await item.getByRole('button', { name: 'Dismiss' }).count()).to.equal(0);
    await screenshot('reviews-resolved');
    const confirmation = () =>
      sinch.accepted
        .slice(before)
        .map((request) => request.json as { to: string[]; body: string })
        .find((sent) => sent.to.includes(PEOPLE.leave) && sent.body === 'Walk: you are unsubscribed.');
    await until(() => confirmation() !== undefined, { timeoutMs: 15_000, context: () => service.output() });
    const consent = await textOf(await lookUpConsent(PEOPLE.leave));
    expect(consent).to.contain('State: opted-out').and.to.contain('Decided by admin: asked to be left alone');
    await screenshot('consent-reviewed');
  });

  it('says clearly, to a reviewer on the keyboard, when an item was decided meanwhile (409)', async () => {
    await sendInbound('walk-late', PEOPLE.late, 'please leave me alone');
    await screen('Reviews');
    const item = row(new RegExp(`^Review of \\${PEOPLE.late}`));
    await item.waitFor();
    const open = (await adminApi('GET', '/api/reviews?state=open')).body.reviews as { id: string }[];
    expect(open).to.have.length(1);
    expect((await adminApi('POST', `/api/reviews/${open[0]!.id}`, { decision: 'dismiss' })).status).to.equal(200);
    // By keyboard alone: from the note, Tab passes Opt out and reaches Dismiss.
    await item.getByLabel('Note').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('This item was already decided (perhaps by another reviewer)').waitFor();
    await until(async () => /Resolved: dismiss by admin/.test(await textOf(item)), { timeoutMs: 10_000 });
    await screenshot('reviews-conflict');
  });

  it('simulates an edited rule file on the stored messages before Submit, storing nothing', async () => {
    await screen('SMS Webhooks');
    await row('Walk Sinch').getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit webhook Walk Sinch' }).waitFor();
    await page.getByLabel('Inbound keyword category').selectOption({ label: 'Opt-Out' });
    await page.getByRole('button', { name: 'Remove Halt' }).click();
    await page.getByRole('button', { name: 'Simulate on stored messages' }).click();
    const changes = page.getByRole('list', { name: 'Simulated changes' });
    await changes.waitFor();
    const lines = await changes.getByRole('listitem').allTextContents();
    expect(
      lines.find((line) => /^opt-out → default: 1$/.test(line)),
      lines.join('; '),
    ).to.not.equal(undefined);
    await page.getByText('Nothing was stored: Submit saves the rules.').waitFor();
    await screenshot('webhook-simulate');
    await page.getByRole('link', { name: 'Cancel' }).click();
    expect(await textOf(await lookUpConsent(PEOPLE.halt))).to.contain('State: opted-out');
    const listed = (await adminApi('GET', '/api/webhooks')).body.webhooks as { id: string; name: string }[];
    const walkSinch = listed.find((webhook) => webhook.name === 'Walk Sinch')!;
    const stored = await adminApi('GET', `/api/webhooks/${walkSinch.id}`);
    expect(JSON.stringify(stored.body), 'the rule file is unchanged').to.match(/"Halt"/i);
  });

  it('downloads the evidence JSON (chain intact, this person only) and the CSV export from Consent', async () => {
    const consent = await lookUpConsent(PEOPLE.leave);
    const [evidenceFile] = await Promise.all([
      page.waitForEvent('download'),
      consent.getByRole('button', { name: 'Download evidence' }).click(),
    ]);
    expect(evidenceFile.suggestedFilename()).to.equal(`consent-evidence-${PEOPLE.leave.slice(1)}.json`);
    const evidenceText = await readFile(await evidenceFile.path(), 'utf8');
    const evidence = JSON.parse(evidenceText) as { intact: boolean };
    expect(evidence.intact, evidenceText.slice(0, 500)).to.equal(true);
    expect(evidenceText).to.contain(PEOPLE.leave).and.to.contain('"reviewer": "admin"');
    for (const other of [PEOPLE.stop, PEOPLE.halt, PEOPLE.no, PEOPLE.late]) expect(evidenceText).not.to.contain(other);
    const [csvFile] = await Promise.all([
      page.waitForEvent('download'),
      consent.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(csvFile.suggestedFilename()).to.equal(`consent-${PEOPLE.leave.slice(1)}.csv`);
    const csv = (await readFile(await csvFile.path(), 'utf8')).trim().split('\r\n');
    expect(csv[0]).to.match(/^profileNumber,senderNumber,at,message,/);
    expect(csv.slice(1).join('\n')).to.contain('please leave me alone').and.to.contain(PEOPLE.leave);
    await screenshot('consent-downloads');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Admin token').waitFor();
    await page.reload();
    await page.getByLabel('Admin token').waitFor();
    await screenshot('signed-out');
  });
});

describe('the console in a browser with the admin API off', function () {
  this.timeout(60_000);
  let browser: Browser;
  let service: RunningService;
  let store: Store;
  let dataDir: string;

  before(async function () {
    if (!existsSync(CHROME)) {
      console.log(`    skipped: no Chromium at ${CHROME} (set CHROME_PATH to run the console walk)`);
      this.skip();
    }
    dataDir = await mkdtemp(join(tmpdir(), 'optline-console-off-'));
    store = await openSqliteStore({ dir: dataDir });
    service = await startService({ store, adminTokens: [] });
    browser = await chromium.launch({ executablePath: CHROME, headless: true, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await service?.close();
    await store?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('says the admin API is off and how to turn it on, instead of a sign-in form', async () => {
    const page = await browser.newPage();
    await page.goto(`${service.baseUrl}/console/`);
    await page.getByText('The admin API is off').waitFor();
    expect(await page.getByText('OPTLINE_ADMIN_TOKEN').count()).to.equal(1);
    expect(await page.getByLabel('Admin token').count()).to.equal(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, '99-admin-api-off.png') });
  });
});
