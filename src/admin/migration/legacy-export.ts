// The export of the legacy API credentials that `optline migrate` and POST /api/migrations read:
// {"apiCredentials": [{name, vendor, <account fields>, <secret>, inboundNumber, <keyword settings>}]}.
// Its JSON Schemas bound the input before any work (entry count, field lengths); they are loose about what an
// entry holds, so one bad entry is refused on its own, with its JSON path, and the others still migrate.
import type { FieldProblem } from '../field-problem.ts';
import { schemaCheck } from '../schema-check.ts';

/** The largest export file `optline migrate` reads (the API takes its usual 256 KiB body). */
export const MAX_EXPORT_BYTES = 4 * 1024 * 1024;
export const MAX_ENTRIES = 500;

/** Sinch SMS regions: the legacy credentials hold none, so one is chosen for the whole export. */
export const SINCH_REGIONS = ['us', 'eu', 'au', 'br', 'ca'] as const;
export type SinchRegion = (typeof SINCH_REGIONS)[number];
/** Sinch Conversation API regions, carried by each legacy entry. */
export const SINCH_CONVERSATION_REGIONS = ['us', 'eu', 'br'] as const;

const text = (maxLength: number, description: string) => ({ type: 'string', maxLength, description }) as const;
const keywords = text(4096, 'keywords, comma-separated; empty for the legacy defaults');
const message = text(1600, 'the reply; empty for none');

/** The legacy fields, each a string; keyword fields are comma-separated. */
export const LEGACY_FIELDS = {
  name: text(256, 'the free-text name of the credentials'),
  vendor: text(64, 'sinch, sinch-conversational, infobip or custom'),
  serviceId: text(256, 'Sinch: the service plan id'),
  projectId: text(256, 'Sinch Conversational: the project id'),
  appId: text(256, 'Sinch Conversational: the app id; Custom: the app id'),
  region: text(16, 'Sinch Conversational: us, eu or br'),
  apiBaseUrl: text(2048, 'Infobip: the account base URL'),
  providerUrl: text(2048, 'Custom: the provider URL'),
  apiToken: text(4096, 'Sinch, Sinch Conversational: the API token (secret)'),
  apiKey: text(4096, 'Infobip: the API key (secret)'),
  auth: text(4096, 'Custom: the authorization (secret)'),
  inboundNumber: text(64, 'the number people text: E.164 or a short code'),
  optInKeywords: keywords,
  optInMessage: message,
  optOutKeywords: keywords,
  optOutMessage: message,
  helpKeywords: keywords,
  helpMessage: message,
  doubleOptInKeywords: keywords,
  doubleOptInMessage: message,
} as const;

export type LegacyField = keyof typeof LEGACY_FIELDS;
export type LegacyEntry = Partial<Record<LegacyField, string>>;

export const LEGACY_ENTRY_SCHEMA = {
  type: 'object',
  description: 'one legacy API credentials entry; other fields are ignored',
  properties: LEGACY_FIELDS,
} as const;

/** The export as the API takes it; `sinchRegion` and `dryRun` are the command line's options. */
export const MIGRATION_REQUEST_SCHEMA = {
  type: 'object',
  required: ['apiCredentials'],
  properties: {
    apiCredentials: {
      type: 'array',
      maxItems: MAX_ENTRIES,
      items: {},
      description: `the legacy API credentials (at most ${MAX_ENTRIES}), as LegacyApiCredentials`,
    },
    sinchRegion: { enum: [...SINCH_REGIONS], default: 'us', description: 'the Sinch SMS region of every sinch entry' },
    dryRun: { type: 'boolean', default: false, description: 'report what would change, change nothing' },
  },
} as const;

const checkRequest = schemaCheck<{ apiCredentials: unknown[]; sinchRegion?: SinchRegion; dryRun?: boolean }>(
  MIGRATION_REQUEST_SCHEMA,
);
const checkEntry = schemaCheck<LegacyEntry>(LEGACY_ENTRY_SCHEMA);

export interface LegacyExport {
  apiCredentials: unknown[];
  sinchRegion: SinchRegion;
  dryRun: boolean;
}

/** The export's outer shape (a copy: defaults are filled in); the entries are checked one by one later. */
export function checkLegacyExport(
  value: unknown,
): { ok: true; value: LegacyExport } | { ok: false; problems: FieldProblem[] } {
  const copy = typeof value === 'object' && value !== null ? { ...value } : value;
  const checked = checkRequest(copy);
  if (!checked.ok) return checked;
  const { apiCredentials, sinchRegion = 'us', dryRun = false } = checked.value;
  return { ok: true, value: { apiCredentials, sinchRegion, dryRun } };
}

/** One entry's fields, every problem at its path below `path` (e.g. /apiCredentials/3/name). */
export function checkLegacyEntry(
  value: unknown,
  path: string,
): { ok: true; value: LegacyEntry } | { ok: false; problems: FieldProblem[] } {
  const checked = checkEntry(value);
  if (checked.ok) return checked;
  return { ok: false, problems: checked.problems.map((problem) => ({ ...problem, path: `${path}${problem.path}` })) };
}

/** POST /api/migrations?dryRun=true: the same as {"dryRun": true} in the body. */
export const MIGRATION_QUERY_SCHEMA = {
  type: 'object',
  properties: { dryRun: { type: 'boolean', description: 'report what would change, change nothing' } },
} as const;
