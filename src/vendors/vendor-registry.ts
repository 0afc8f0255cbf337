// Every vendor Optline speaks, in one table: its id, how its callbacks become events, how they prove where they
// come from, and how replies are sent through it. Everything else that lists vendors derives from this table
// (rule files' and credentials' vendor, the admin API's enums, the send client resolver, the CLI's --vendor);
// test/vendors/vendor-registry.test.ts holds rules/webhook.schema.json, which admins read, to it.
import type { Credentials, CredentialsRequirement } from '../credentials/credentials.ts';
import type { HttpSendOptions } from '../send/provider-request.ts';
import type { SendClient } from '../send/send-client.ts';
import type { CallbackExtractor } from './callback-extractor.ts';
import type { CallbackVerifier } from './callback-verifier.ts';
import { createCustomSendClient, CUSTOM_CREDENTIALS, type CustomSendRequest } from './custom/custom-send-client.ts';
import { basicAuthVerifier } from './infobip/basic-auth.ts';
import { createInfobipSendClient, INFOBIP_CREDENTIALS } from './infobip/infobip-send-client.ts';
import { infobipExtractor } from './infobip/infobip-vendor.ts';
import {
  createSinchConversationSendClient,
  SINCH_CONVERSATION_CREDENTIALS,
} from './sinch-conversational/sinch-conversation-send-client.ts';
import { sinchConversationalExtractor } from './sinch-conversational/sinch-conversational-vendor.ts';
import { createSinchSendClient, SINCH_CREDENTIALS } from './sinch/sinch-send-client.ts';
import { sinchExtractor } from './sinch/sinch-vendor.ts';
import { sinchSignatureVerifier } from './sinch/sinch-signature.ts';
import { hmacSignatureVerifier } from './custom/hmac-signature.ts';
import { standardWebhooksVerifier } from './standard-webhooks/standard-webhooks-signature.ts';
import { telnyxSignatureVerifier } from './telnyx/telnyx-signature.ts';
import { twilioSignatureVerifier } from './twilio/twilio-signature.ts';

export { customExtractor } from './custom/custom-vendor.ts';
export type { CallbackExtractor } from './callback-extractor.ts';

/** `request`: the webhook's own send request from its rule file (Custom), else null. */
export type SendClientFactory = (
  credentials: Credentials,
  options: HttpSendOptions,
  request: CustomSendRequest | null,
) => SendClient;

export interface VendorDefinition {
  id: string;
  /** How its callbacks become events; null when each webhook brings its own payload template (Custom). */
  extractor: CallbackExtractor | null;
  /** The check its provider signs callbacks with; null when it has none of its own (a rule file may pick any). */
  verifier: CallbackVerifier<string, never> | null;
  send: {
    /** What its credentials must hold: the admin API checks it on input, the send client before sending. */
    credentials: CredentialsRequirement;
    /** The request is written in each webhook's rule file (`send`), which must then have one. */
    requestFromRuleFile: boolean;
    createClient: SendClientFactory;
  };
}

const VENDORS = [
  {
    id: 'sinch',
    extractor: sinchExtractor,
    verifier: sinchSignatureVerifier,
    send: {
      credentials: SINCH_CREDENTIALS,
      requestFromRuleFile: false,
      createClient: (credentials, options) => createSinchSendClient(credentials, options),
    },
  },
  {
    id: 'sinch-conversational',
    extractor: sinchConversationalExtractor,
    verifier: sinchSignatureVerifier,
    send: {
      credentials: SINCH_CONVERSATION_CREDENTIALS,
      requestFromRuleFile: false,
      createClient: (credentials, options) => createSinchConversationSendClient(credentials, options),
    },
  },
  {
    id: 'infobip',
    extractor: infobipExtractor,
    verifier: basicAuthVerifier,
    send: {
      credentials: INFOBIP_CREDENTIALS,
      requestFromRuleFile: false,
      createClient: (credentials, options) => createInfobipSendClient(credentials, options),
    },
  },
  {
    id: 'custom',
    extractor: null,
    verifier: null,
    send: {
      credentials: CUSTOM_CREDENTIALS,
      requestFromRuleFile: true,
      createClient: (credentials, options, request) => {
        if (request === null) throw new Error('a custom send client needs the send request of its rule file');
        return createCustomSendClient(credentials, request, options);
      },
    },
  },
] as const satisfies readonly VendorDefinition[];

export type VendorId = (typeof VENDORS)[number]['id'];
/** The vendors whose callbacks Optline reads without a template from the webhook. */
export type NativeVendorId = Extract<(typeof VENDORS)[number], { extractor: CallbackExtractor }>['id'];

export const VENDOR_IDS: readonly VendorId[] = VENDORS.map((vendor) => vendor.id);
export const NATIVE_VENDOR_IDS: readonly NativeVendorId[] = VENDORS.flatMap((vendor) =>
  vendor.extractor === null ? [] : [vendor.id],
);

const BY_ID: ReadonlyMap<string, VendorDefinition> = new Map(VENDORS.map((vendor) => [vendor.id, vendor]));

export function isVendorId(id: unknown): id is VendorId {
  return typeof id === 'string' && BY_ID.has(id);
}

export function vendorDefinition(id: VendorId): VendorDefinition {
  const vendor = BY_ID.get(id);
  if (vendor === undefined) throw new Error(`unknown vendor ${JSON.stringify(id)} (known: ${VENDOR_IDS.join(', ')})`);
  return vendor;
}

export function extractorFor(id: NativeVendorId): CallbackExtractor {
  const extractor = vendorDefinition(id).extractor;
  if (extractor === null) throw new Error(`vendor ${id} has no extractor of its own`);
  return extractor;
}

/**
 * Checks any webhook's rule file may name that no vendor above brings: providers Optline reads through Custom
 * templates (Twilio Event Streams, Telnyx) and the open schemes (Standard Webhooks, a provider's own HMAC).
 */
const VERIFY_SCHEMES = [
  standardWebhooksVerifier,
  hmacSignatureVerifier,
  twilioSignatureVerifier,
  telnyxSignatureVerifier,
] as const satisfies readonly CallbackVerifier[];

type KnownVerifier = NonNullable<(typeof VENDORS)[number]['verifier']> | (typeof VERIFY_SCHEMES)[number];
/** The keys a rule file's `verify` may hold, one each. */
export type VerifyMethod = KnownVerifier['method'];
/** A rule file's `verify`: one method and its settings. */
export type VerifyConfig = KnownVerifier extends infer V
  ? V extends CallbackVerifier<infer M, infer S>
    ? { [K in M]: S }
    : never
  : never;

const VERIFIERS: ReadonlyMap<string, CallbackVerifier> = new Map(
  [...VENDORS.map((vendor) => vendor.verifier), ...VERIFY_SCHEMES].flatMap((verifier) =>
    verifier === null ? [] : [[verifier.method, verifier] as const],
  ),
);

export const VERIFY_METHODS: readonly VerifyMethod[] = [...VERIFIERS.keys()] as VerifyMethod[];

/** The check a rule file's `verify` method names (any webhook may use any of them). */
export function callbackVerifier(method: VerifyMethod): CallbackVerifier {
  const verifier = VERIFIERS.get(method);
  if (verifier === undefined) throw new Error(`no vendor verifies callbacks by ${method}`);
  return verifier;
}
