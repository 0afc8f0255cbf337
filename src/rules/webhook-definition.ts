// A loaded, validated rule file: what the HTTP service needs to receive one webhook's callbacks.
import type { CanonicalStatus } from '../events.ts';
import type { Classifier } from '../keywords/classifier.ts';
import type { Problem } from './problem.ts';
import type { CustomSendRequest } from '../vendors/custom/custom-send-client.ts';
import type { VendorId, VerifyConfig } from '../vendors/vendor-registry.ts';

export type { VerifyConfig };

export type WebhookType = 'inbound' | 'feedback';
export type ConsentScope = 'sender' | 'global';

export interface WebhookDefinition {
  id: string;
  name: string;
  description: string;
  version: string;
  vendor: VendorId;
  /** null for sinch and sinch-conversational: one webhook carries inbound messages and feedback. */
  type: WebhookType | null;
  /**
   * The credentials that send replies and the number they send from: both or neither. Only a feedback webhook
   * names neither; it sends nothing, so no channel configuration needs to attach it before it takes effect.
   */
  credentials: string | null;
  senderNumber: string | null;
  consentScope: ConsentScope;
  doubleOptInExpiresAfterDays: number;
  verify: VerifyConfig | null;
  /** Custom vendors only: the template text, and its file name or '<file>#/payload'. */
  payloadTemplate: { text: string; source: string } | null;
  /** Custom feedback webhooks: the rule file's statusMap (raw status -> canonical), over the built-in table. */
  statusMap: Readonly<Record<string, CanonicalStatus>>;
  /** What loads but deserves a look (a payload template that leaves out a field some providers never send). */
  warnings: Problem[];
  /** Custom vendors only: the HTTP request that sends a reply (templates checked when the file loads). */
  send: CustomSendRequest | null;
  /** Custom vendors only: whether an Amazon SNS SubscriptionConfirmation is confirmed without the admin. */
  sns: { autoConfirm: boolean };
  file: string | null;
  /** sha256 (hex) of the rule file's bytes: the revision every decision records. */
  contentHash: string;
  /** null for a feedback-only webhook. */
  classifier: Classifier | null;
  /** The parsed rule file. */
  raw: unknown;
  /** The rule file's text, as hashed into contentHash: kept in the store so evidence shows what decided. */
  content: string;
}
