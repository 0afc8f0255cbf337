// The four fake providers on loopback, and a copy of the fixture rule files whose credentials files point the
// webhooks e2e-sinch, e2e-sinch-conversational, e2e-infobip-in and e2e-vonage-in (given a "send" request) at
// them, their secrets in `env`: a service started on `rulesDir` sends through the production resolver and
// credentials mapping. `clientFor` builds the same send clients directly, for the crash tests' own dispatchers;
// `sentOf` reads back (from, to, text) as each vendor received it.
import { LOOPBACK_OUTBOUND } from '../support/loopback-outbound.ts';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from '../../src/credentials/credentials.ts';
import type { ClientFor } from '../../src/dispatch/dispatcher.ts';
import type { SendClient } from '../../src/send/send-client.ts';
import { createCustomSendClient } from '../../src/vendors/custom/custom-send-client.ts';
import { createInfobipSendClient } from '../../src/vendors/infobip/infobip-send-client.ts';
import { createSinchConversationSendClient } from '../../src/vendors/sinch-conversational/sinch-conversation-send-client.ts';
import { createSinchSendClient } from '../../src/vendors/sinch/sinch-send-client.ts';
import { FIXTURE_ENV, FIXTURE_RULES_DIR } from './service.ts';
import {
  startFakeCustom,
  startFakeInfobip,
  startFakeSinch,
  startFakeSinchConversation,
  type FakeProvider,
  type RecordedRequest,
} from './fake-providers.ts';

export const SINCH = { servicePlanId: 'plan-e2e', token: 'sinch-e2e-token' };
export const CONVERSATION = { projectId: 'project-e2e', token: 'conversation-e2e-token', appId: 'app-e2e' };
const INFOBIP = { apiKey: 'infobip-e2e-key' };
const CUSTOM = { path: '/v1/sms', token: 'custom-e2e-token' };

export interface SentMessage {
  from: unknown;
  to: unknown;
  text: unknown;
  reference: unknown; // the outbox id as the vendor received it
}

export interface FakeVendor {
  webhookId: string;
  senderNumber: string;
  provider: FakeProvider;
  client: () => SendClient;
  sentOf(request: RecordedRequest): SentMessage;
}

export interface FakeVendors {
  sinch: FakeVendor;
  conversation: FakeVendor;
  infobip: FakeVendor;
  custom: FakeVendor;
  all: FakeVendor[];
  clientFor: ClientFor;
  /** The fixture rule files with the credentials above, for startService({ rulesDir, env }). */
  rulesDir: string;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** A custom webhook's reply request, as a rule file declares it. */
export const CUSTOM_SEND = {
  url: `{{credentials.baseUrl}}${CUSTOM.path}`,
  headers: { Authorization: 'Bearer {{credentials.secret}}' },
  body: '{"from":{{json from}},"to":{{json to}},"text":{{json text}},"ref":{{json outboxId}}}',
  messageIdPath: '$.message_id',
};

function credentials(
  vendor: Credentials['vendor'],
  baseUrl: string,
  accountId: string,
  secret: string,
  options: Record<string, unknown> = {},
): Credentials {
  return { name: `${vendor}-e2e`, vendor, baseUrl, accountId, secret, options };
}

export async function startFakeVendors(): Promise<FakeVendors> {
  const [sinchFake, conversationFake, infobipFake, customFake] = await Promise.all([
    startFakeSinch(SINCH),
    startFakeSinchConversation(CONVERSATION),
    startFakeInfobip(INFOBIP),
    startFakeCustom({ path: CUSTOM.path, authorization: `Bearer ${CUSTOM.token}` }),
  ]);
  const sinch: FakeVendor = {
    webhookId: 'e2e-sinch',
    senderNumber: '+15550100',
    provider: sinchFake,
    client: () =>
      createSinchSendClient(credentials('sinch', sinchFake.baseUrl, SINCH.servicePlanId, SINCH.token), {
        outbound: LOOPBACK_OUTBOUND,
      }),
    sentOf: (request) => {
      const body = record(request.json);
      return { from: body.from, to: list(body.to)[0], text: body.body, reference: body.client_reference };
    },
  };
  const conversation: FakeVendor = {
    webhookId: 'e2e-sinch-conversational',
    senderNumber: '+15550101',
    provider: conversationFake,
    client: () =>
      createSinchConversationSendClient(
        credentials('sinch-conversational', conversationFake.baseUrl, CONVERSATION.projectId, CONVERSATION.token, {
          appId: CONVERSATION.appId,
        }),
        { outbound: LOOPBACK_OUTBOUND },
      ),
    sentOf: (request) => {
      const body = record(request.json);
      const identity = record(list(record(record(body.recipient).identified_by).channel_identities)[0]).identity;
      return {
        from: record(body.channel_properties).SMS_SENDER,
        to: identity,
        text: record(record(body.message).text_message).text,
        reference: body.correlation_id,
      };
    },
  };
  const infobip: FakeVendor = {
    webhookId: 'e2e-infobip-in',
    senderNumber: '+15550102',
    provider: infobipFake,
    client: () =>
      createInfobipSendClient(credentials('infobip', infobipFake.baseUrl, '', INFOBIP.apiKey), {
        outbound: LOOPBACK_OUTBOUND,
      }),
    sentOf: (request) => {
      const message = record(list(record(request.json).messages)[0]);
      const destination = record(list(message.destinations)[0]);
      return { from: message.from, to: destination.to, text: message.text, reference: destination.messageId };
    },
  };
  const custom: FakeVendor = {
    webhookId: 'e2e-vonage-in',
    senderNumber: '+15550103',
    provider: customFake,
    client: () =>
      createCustomSendClient(credentials('custom', customFake.baseUrl, 'acct', CUSTOM.token), CUSTOM_SEND, {
        outbound: LOOPBACK_OUTBOUND,
      }),
    sentOf: (request) => {
      const body = record(request.json);
      return { from: body.from, to: body.to, text: body.text, reference: body.ref };
    },
  };
  const all = [sinch, conversation, infobip, custom];
  const clients = new Map(all.map((vendor) => [vendor.webhookId, vendor.client()]));
  const rulesDir = await mkdtemp(join(tmpdir(), 'optline-fake-vendors-'));
  await cp(FIXTURE_RULES_DIR, rulesDir, { recursive: true });
  const files: Array<{
    name: string;
    vendor: Credentials['vendor'];
    baseUrl: string;
    accountId: string;
    secretEnv: string;
    options: Record<string, unknown>;
  }> = [
    {
      name: 'e2e-sinch-creds',
      vendor: 'sinch',
      baseUrl: sinchFake.baseUrl,
      accountId: SINCH.servicePlanId,
      secretEnv: 'FAKE_SINCH_TOKEN',
      options: {},
    },
    {
      name: 'e2e-sinch-conversational-creds',
      vendor: 'sinch-conversational',
      baseUrl: conversationFake.baseUrl,
      accountId: CONVERSATION.projectId,
      secretEnv: 'FAKE_CONVERSATION_TOKEN',
      options: { appId: CONVERSATION.appId },
    },
    {
      name: 'e2e-infobip-in-creds',
      vendor: 'infobip',
      baseUrl: infobipFake.baseUrl,
      accountId: '',
      secretEnv: 'FAKE_INFOBIP_KEY',
      options: {},
    },
    {
      name: 'e2e-vonage-in-creds',
      vendor: 'custom',
      baseUrl: customFake.baseUrl,
      accountId: 'acct',
      secretEnv: 'FAKE_CUSTOM_TOKEN',
      options: {},
    },
  ];
  for (const file of files)
    await writeFile(join(rulesDir, `${file.name}.credentials.json`), JSON.stringify(file, null, 2));
  const customRule = join(rulesDir, 'e2e-vonage-in.webhook.json');
  await writeFile(
    customRule,
    JSON.stringify({ ...(JSON.parse(await readFile(customRule, 'utf8')) as object), send: CUSTOM_SEND }, null, 2),
  );
  const env = {
    ...FIXTURE_ENV,
    FAKE_SINCH_TOKEN: SINCH.token,
    FAKE_CONVERSATION_TOKEN: CONVERSATION.token,
    FAKE_INFOBIP_KEY: INFOBIP.apiKey,
    FAKE_CUSTOM_TOKEN: CUSTOM.token,
  };
  return {
    sinch,
    conversation,
    infobip,
    custom,
    all,
    clientFor: (webhookId) => clients.get(webhookId) ?? null,
    rulesDir,
    env,
    close: async () => {
      await Promise.all(all.map((vendor) => vendor.provider.close()));
      await rm(rulesDir, { recursive: true, force: true });
    },
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
