// A real dispatcher in its own process, for crash tests: the embedded store in OPTLINE_DATA, replies of the
// fixture webhooks e2e-sinch and e2e-sinch-conversational sent to the fake providers at SINCH_URL and
// CONVERSATION_URL, leases of LEASE_MS. Prints "dispatching" once started; runs until killed.
import { LOOPBACK_OUTBOUND } from '../support/loopback-outbound.ts';
import { pino } from 'pino';
import { Dispatcher } from '../../src/dispatch/dispatcher.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { SendClient } from '../../src/send/send-client.ts';
import { createSinchSendClient } from '../../src/vendors/sinch/sinch-send-client.ts';
import { createSinchConversationSendClient } from '../../src/vendors/sinch-conversational/sinch-conversation-send-client.ts';
import { CONVERSATION, SINCH } from './fake-send-clients.ts';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const store = await openSqliteStore({ dir: required('OPTLINE_DATA') });
const clients = new Map<string, SendClient>([
  [
    'e2e-sinch',
    createSinchSendClient(
      {
        name: 'sinch',
        vendor: 'sinch',
        baseUrl: required('SINCH_URL'),
        accountId: SINCH.servicePlanId,
        secret: SINCH.token,
        options: {},
      },
      { outbound: LOOPBACK_OUTBOUND },
    ),
  ],
  [
    'e2e-sinch-conversational',
    createSinchConversationSendClient(
      {
        name: 'conversation',
        vendor: 'sinch-conversational',
        baseUrl: required('CONVERSATION_URL'),
        accountId: CONVERSATION.projectId,
        secret: CONVERSATION.token,
        options: { appId: CONVERSATION.appId },
      },
      { outbound: LOOPBACK_OUTBOUND },
    ),
  ],
]);
const dispatcher = new Dispatcher({
  store,
  clientFor: (webhookId) => clients.get(webhookId) ?? null,
  logger: pino({ level: 'silent' }),
  leaseMs: Number(required('LEASE_MS')),
  pollIntervalMs: 10,
});
dispatcher.start();
process.stdout.write('dispatching\n');
