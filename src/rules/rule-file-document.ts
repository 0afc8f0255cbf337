// The shape of a rule file once it passed the schema (rules/webhook.schema.json), and where each keyword
// category lives in it.
import type { CanonicalStatus } from '../events.ts';
import type { KeywordCategory } from '../keywords/categories.ts';
import type { CustomSendRequest } from '../vendors/custom/custom-send-client.ts';
import type { FuzzyAction } from '../keywords/keyword-config.ts';
import type { VendorId } from '../vendors/vendor-registry.ts';
import type { ConsentScope, VerifyConfig, WebhookType } from './webhook-definition.ts';

export interface CategorySection {
  keywords?: string[];
  reply?: string;
}

export interface RuleFileDocument {
  id: string;
  name: string;
  description?: string;
  version: string;
  vendor: VendorId;
  type?: WebhookType;
  /** Both or neither; only a feedback webhook may have neither. */
  credentials?: string;
  senderNumber?: string;
  consentScope?: ConsentScope;
  verify?: VerifyConfig;
  payload?: unknown;
  payloadFile?: string;
  send?: CustomSendRequest;
  sns?: { autoConfirm?: boolean };
  statusMap?: Record<string, CanonicalStatus>;
  keywords?: {
    optIn?: CategorySection;
    optOut?: CategorySection & {
      fuzzy?: { enabled?: boolean; reply?: string; action?: FuzzyAction; phrases?: string[]; phraseThreshold?: number };
    };
    doubleOptIn?: CategorySection & { expiresAfterDays?: number };
    help?: CategorySection;
    custom?: { keyword: string; reply?: string };
  };
  defaultReply?: string;
  variables?: Record<string, string>;
}

export type SectionKey = 'optIn' | 'optOut' | 'doubleOptIn' | 'help' | 'custom';

export const SECTION_OF: Record<KeywordCategory, SectionKey> = {
  'opt-in': 'optIn',
  'opt-out': 'optOut',
  'double-opt-in': 'doubleOptIn',
  help: 'help',
  custom: 'custom',
};
