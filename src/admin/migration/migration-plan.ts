// Legacy API credentials -> what Optline needs for the same behaviour: credentials, a channel configuration for
// the inbound number, the webhooks the vendor needs and a cases file pinning every migrated keyword to its old
// category. The one mapping `optline migrate` writes as files and POST /api/migrations stores, so they cannot
// drift. Each entry is planned on its own: a bad one gets its problems (JSON path in the export) and no output.
// Every planned webhook is loaded by the rule-file loader and its cases run before it is offered, so what is
// written or stored is what start-up and `optline check` accept.
import { join } from 'node:path';
import type { KeywordCategory } from '../../keywords/categories.ts';
import { DEFAULT_KEYWORDS } from '../../keywords/default-keywords.ts';
import { findKeywordConflicts } from '../../keywords/keyword-conflicts.ts';
import { normalizeText } from '../../keywords/normalize.ts';
import { DEFAULT_REPLIES } from '../../rules/default-replies.ts';
import { loadRuleText, TWILIO_REFUSAL } from '../../rules/load-rule-file.ts';
import { RuleFileError } from '../../rules/rule-file-error.ts';
import type { RuleCase } from '../../rules/run-cases.ts';
import { requiredFor } from '../../template/placeholders.ts';
import { VENDOR_IDS, isVendorId, type VendorId } from '../../vendors/vendor-registry.ts';
import { SENDER_NUMBER_PATTERN } from '../admin-names.ts';
import type { ChannelConfiguration } from '../admin-store.ts';
import { checkChannelBody } from '../channel-input.ts';
import { checkCredentialsFile, type CredentialsFields } from '../credentials-input.ts';
import type { FieldProblem } from '../field-problem.ts';
import {
  SINCH_CONVERSATION_REGIONS,
  checkLegacyEntry,
  type LegacyEntry,
  type LegacyExport,
  type LegacyField,
  type SinchRegion,
} from './legacy-export.ts';

/** The keywords the legacy product applied to an empty field (custom keywords replaced them). */
export const LEGACY_DEFAULT_KEYWORDS: Readonly<Record<'opt-in' | 'opt-out' | 'help', readonly string[]>> = {
  'opt-in': ['SUBSCRIBE', 'YES', 'UNSTOP', 'START', 'CONTINUE', 'RESUME', 'BEGIN'],
  'opt-out': ['STOP', 'QUIT', 'CANCEL', 'END', 'UNSUBSCRIBE', 'NO'],
  help: ['HELP'],
};

/** The legacy keyword settings, by category: their fields, rule-file section and label. */
const LEGACY_CATEGORIES = [
  { category: 'opt-in', keywords: 'optInKeywords', message: 'optInMessage', section: 'optIn', label: 'Opt-In' },
  { category: 'opt-out', keywords: 'optOutKeywords', message: 'optOutMessage', section: 'optOut', label: 'Opt-Out' },
  { category: 'help', keywords: 'helpKeywords', message: 'helpMessage', section: 'help', label: 'Help' },
  {
    category: 'double-opt-in',
    keywords: 'doubleOptInKeywords',
    message: 'doubleOptInMessage',
    section: 'doubleOptIn',
    label: 'Double Opt-In',
  },
] as const satisfies ReadonlyArray<{
  category: KeywordCategory;
  keywords: LegacyField;
  message: LegacyField;
  section: string;
  label: string;
}>;

const MAX_KEYWORD_LENGTH = 160;
const MAX_KEYWORDS_PER_FIELD = 200;
const ID_BASE_LENGTH = 40;

export interface PlannedWebhook {
  id: string;
  document: Record<string, unknown>;
  /** null for a feedback webhook: it has no keywords. */
  cases: { description: string; cases: RuleCase[] } | null;
}

export interface EntryPlan {
  /** JSON pointer of the entry in the export, e.g. /apiCredentials/3. */
  path: string;
  legacyName: string | null;
  /** The id of everything made for it (credentials and channel names, webhook ids start with it). */
  id: string | null;
  vendor: string | null;
  /** Non-empty: the entry is refused and nothing is made for it. */
  problems: FieldProblem[];
  /** What the migrated webhooks do differently from a webhook left to its defaults. */
  differences: string[];
  /** What the admin must look at (stubs to replace, behaviour the legacy product left undefined). */
  warnings: string[];
  credentials: (CredentialsFields & { secretEnv: string }) | null;
  /** What the secret is, for people ("the Sinch API token"). */
  secretMeans: string;
  /** The legacy secret, for the admin API to seal; never printed, never written. */
  secret: string | null;
  channel: ChannelConfiguration | null;
  webhooks: PlannedWebhook[];
}

export interface MigrationOptions {
  sinchRegion: SinchRegion;
  /** The admin API stores the secret, so an entry without one is refused there; files only name it. */
  requireSecret: boolean;
}

interface VendorMapping {
  secretField: LegacyField;
  secretMeans: string;
  secretEnvSuffix: string;
  /** One webhook carries inbound messages and feedback (Sinch), or one of each (type inbound / feedback). */
  split: boolean;
  credentials: (entry: LegacyEntry, path: string, options: MigrationOptions) => CredentialsMapping;
}

type CredentialsMapping =
  | { ok: true; baseUrl: string; accountId: string; options: Record<string, unknown> }
  | { ok: false; problems: FieldProblem[] };

// The legacy account fields differ per vendor; everything else is mapped alike.
const VENDOR_MAPPINGS: Record<VendorId, VendorMapping> = {
  sinch: {
    secretField: 'apiToken',
    secretMeans: 'Sinch API token',
    secretEnvSuffix: 'API_TOKEN',
    split: false,
    credentials: (entry, path, options) => {
      const missing = requireFields(entry, path, ['serviceId']);
      if (missing.length > 0) return { ok: false, problems: missing };
      const baseUrl = `https://${options.sinchRegion}.sms.api.sinch.com`;
      return { ok: true, baseUrl, accountId: trimmed(entry.serviceId), options: {} };
    },
  },
  'sinch-conversational': {
    secretField: 'apiToken',
    secretMeans: 'Sinch Conversation API token',
    secretEnvSuffix: 'API_TOKEN',
    split: false,
    credentials: (entry, path) => {
      const problems = requireFields(entry, path, ['projectId', 'appId', 'region']);
      const region = trimmed(entry.region).toLowerCase();
      if (region !== '' && !(SINCH_CONVERSATION_REGIONS as readonly string[]).includes(region)) {
        problems.push({ path: `${path}/region`, message: `must be one of ${SINCH_CONVERSATION_REGIONS.join(', ')}` });
      }
      if (problems.length > 0) return { ok: false, problems };
      return {
        ok: true,
        baseUrl: `https://${region}.conversation.api.sinch.com`,
        accountId: trimmed(entry.projectId),
        options: { appId: trimmed(entry.appId) },
      };
    },
  },
  infobip: {
    secretField: 'apiKey',
    secretMeans: 'Infobip API key',
    secretEnvSuffix: 'API_KEY',
    split: true,
    credentials: (entry, path) => {
      const missing = requireFields(entry, path, ['apiBaseUrl']);
      if (missing.length > 0) return { ok: false, problems: missing };
      const written = trimmed(entry.apiBaseUrl);
      const baseUrl = /^https?:\/\//i.test(written) ? written : `https://${written}`;
      if (!/^https?:\/\/[^\s/]+\S*$/.test(baseUrl)) {
        return { ok: false, problems: [{ path: `${path}/apiBaseUrl`, message: 'must be an http(s) URL' }] };
      }
      return { ok: true, baseUrl, accountId: '', options: {} };
    },
  },
  custom: {
    secretField: 'auth',
    secretMeans: 'authorization of the custom provider',
    secretEnvSuffix: 'AUTH',
    split: true,
    credentials: (entry) => ({
      ok: true,
      baseUrl: trimmed(entry.providerUrl),
      accountId: trimmed(entry.appId),
      options: {},
    }),
  },
};

/** Plans every entry of an export; ids are given in export order, refused entries keep theirs. */
export async function planMigration(
  legacy: Pick<LegacyExport, 'apiCredentials'>,
  options: MigrationOptions,
): Promise<EntryPlan[]> {
  const taken = new Set<string>();
  const plans: EntryPlan[] = [];
  for (const [index, value] of legacy.apiCredentials.entries()) {
    plans.push(await planEntry(value, `/apiCredentials/${index}`, options, taken));
  }
  return plans;
}

/** The file names and contents of a plan that is not refused, as `optline migrate` writes them. */
export function plannedFiles(plan: EntryPlan): Array<{ name: string; text: string }> {
  if (plan.problems.length > 0 || plan.credentials === null || plan.channel === null) return [];
  const files = [
    { name: `${plan.credentials.name}.credentials.json`, text: jsonText(plan.credentials) },
    { name: `${plan.channel.name}.channel.json`, text: jsonText(plan.channel) },
  ];
  for (const webhook of plan.webhooks) {
    files.push({ name: `${webhook.id}.webhook.json`, text: webhookText(webhook) });
    if (webhook.cases !== null) files.push({ name: `${webhook.id}.cases.json`, text: jsonText(webhook.cases) });
  }
  return files;
}

/** A planned webhook as its rule file's text: the same bytes in a file and in an API revision. */
export function webhookText(webhook: PlannedWebhook): string {
  return jsonText(webhook.document);
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function planEntry(
  value: unknown,
  path: string,
  options: MigrationOptions,
  taken: Set<string>,
): Promise<EntryPlan> {
  const plan: EntryPlan = {
    path,
    legacyName: null,
    id: null,
    vendor: null,
    problems: [],
    differences: [],
    warnings: [],
    credentials: null,
    secretMeans: 'secret',
    secret: null,
    channel: null,
    webhooks: [],
  };
  const checked = checkLegacyEntry(value, path);
  if (!checked.ok) {
    plan.problems.push(...checked.problems);
    return plan;
  }
  const entry = checked.value;
  const legacyName = trimmed(entry.name);
  plan.legacyName = legacyName === '' ? null : legacyName;
  plan.vendor = entry.vendor ?? null;
  const vendor = trimmed(entry.vendor).toLowerCase();
  const mapping = isVendorId(vendor) ? VENDOR_MAPPINGS[vendor] : undefined;
  // The id is reserved even for a refused entry, so fixing one entry never renames another.
  if (plan.legacyName !== null) plan.id = reserveId(plan.legacyName, mapping?.split ?? false, taken);
  else plan.problems.push({ path: `${path}/name`, message: 'a name is required' });

  if (vendor === 'twilio') plan.problems.push({ path: `${path}/vendor`, message: TWILIO_REFUSAL });
  else if (mapping === undefined) {
    plan.problems.push({
      path: `${path}/vendor`,
      message: `unknown vendor ${JSON.stringify(entry.vendor ?? '')}: must be one of ${VENDOR_IDS.join(', ')}`,
    });
  }
  const senderNumber = senderNumberOf(entry, path, plan.problems);
  const keywords = keywordsOf(entry, path, plan.problems);
  if (mapping === undefined || plan.id === null || senderNumber === null || keywords === null) return plan;
  const account = mapping.credentials(entry, path, options);
  if (!account.ok) plan.problems.push(...account.problems);
  const secret = trimmed(entry[mapping.secretField]);
  if (options.requireSecret && secret === '') {
    plan.problems.push({ path: `${path}/${mapping.secretField}`, message: `the ${mapping.secretMeans} is required` });
  }
  if (!account.ok || plan.problems.length > 0) return plan;

  const id = plan.id;
  plan.secretMeans = mapping.secretMeans;
  plan.secret = secret === '' ? null : secret;
  plan.credentials = {
    name: id,
    vendor: vendor as VendorId,
    baseUrl: account.baseUrl,
    accountId: account.accountId,
    secretEnv: secretEnvName(id, mapping.secretEnvSuffix),
    options: account.options,
  };
  plan.channel = { name: id, credentials: id, senderNumbers: [senderNumber] };
  const common = {
    version: '1.0.0',
    vendor,
    credentials: id,
    senderNumber,
  };
  const description = `Migrated from the legacy API credentials ${JSON.stringify(legacyName)}`;
  const inbound: Record<string, unknown> = {
    id: mapping.split ? `${id}-inbound` : id,
    name: legacyName,
    description: mapping.split ? `${description}: inbound messages.` : `${description}.`,
    ...common,
    ...(mapping.split ? { type: 'inbound' } : {}),
    consentScope: 'sender',
    ...(vendor === 'custom' ? { payload: payloadStub('inbound'), send: SEND_STUB } : {}),
    keywords: keywords.section,
  };
  plan.webhooks.push({ id: String(inbound.id), document: inbound, cases: casesOf(String(inbound.id), keywords) });
  if (mapping.split) {
    const feedback: Record<string, unknown> = {
      id: `${id}-feedback`,
      name: `${legacyName} (delivery reports)`,
      description: `${description}: delivery reports.`,
      ...common,
      type: 'feedback',
      ...(vendor === 'custom' ? { payload: payloadStub('feedback') } : {}),
    };
    plan.webhooks.push({ id: `${id}-feedback`, document: feedback, cases: null });
  }
  plan.differences.push(...keywords.differences);
  plan.warnings.push(...keywords.warnings);
  if (vendor === 'custom') {
    plan.warnings.push(
      `${id}-inbound and ${id}-feedback read callbacks with payload-template stubs (every placeholder in a flat object, under keys starting REPLACE_ME): replace each with the provider's JSON before pointing the provider at them`,
      `${id}-inbound sends replies with a stub request (POST to the provider URL, the secret as Authorization): write the provider's send API in its "send"`,
    );
  }
  if (plan.secret === null && options.requireSecret === false && secret === '') {
    plan.warnings.push(`the legacy entry has no ${mapping.secretMeans}: replies cannot be sent until it is set`);
  }
  plan.problems.push(...(await verify(plan, path)));
  return plan;
}

interface MigratedKeywords {
  section: Record<string, unknown>;
  /** Every keyword with its category, for the cases file. */
  pinned: Array<{ keyword: string; category: KeywordCategory; reply: string | null }>;
  differences: string[];
  warnings: string[];
}

function keywordsOf(entry: LegacyEntry, path: string, problems: FieldProblem[]): MigratedKeywords | null {
  const before = problems.length;
  const lists: Partial<Record<KeywordCategory, string[]>> = {};
  const fieldOf: Partial<Record<KeywordCategory, LegacyField>> = {};
  const result: MigratedKeywords = { section: {}, pinned: [], differences: [], warnings: [] };
  for (const legacy of LEGACY_CATEGORIES) {
    const written = splitKeywords(entry[legacy.keywords]);
    const defaults = legacy.category === 'double-opt-in' ? [] : LEGACY_DEFAULT_KEYWORDS[legacy.category];
    const list = written.length > 0 ? written : [...defaults];
    fieldOf[legacy.category] = legacy.keywords;
    lists[legacy.category] = list;
    if (written.length > MAX_KEYWORDS_PER_FIELD) {
      problems.push({ path: `${path}/${legacy.keywords}`, message: `at most ${MAX_KEYWORDS_PER_FIELD} keywords` });
    }
    for (const keyword of written) {
      if (keyword.length > MAX_KEYWORD_LENGTH) {
        problems.push({
          path: `${path}/${legacy.keywords}`,
          message: `keyword ${JSON.stringify(keyword.slice(0, 20))}... is longer than ${MAX_KEYWORD_LENGTH} characters`,
        });
      }
    }
    const message = entry[legacy.message] ?? '';
    const reply = message.trim() === '' ? null : message;
    if (list.length > 0) {
      result.section[legacy.section] = {
        keywords: list,
        ...(reply === null ? {} : { reply: escapeHandlebars(reply) }),
        ...(legacy.category === 'opt-out' ? { fuzzy: { enabled: false } } : {}),
      };
      const expected = reply ?? defaultReplyOf(legacy.category);
      for (const keyword of list) result.pinned.push({ keyword, category: legacy.category, reply: expected });
    } else if (reply !== null) {
      result.warnings.push(`${legacy.label} Message is set but there are no ${legacy.label} Keywords: it is not used`);
    }
    result.differences.push(...keywordDifferences(legacy.category, legacy.label, list));
    if (reply !== null && list.length > 0) {
      result.differences.push(`${legacy.label} reply: the legacy ${legacy.label} Message`);
    } else if (reply === null && list.length > 0 && legacy.category !== 'double-opt-in') {
      result.warnings.push(
        `${legacy.label} Message is empty: the webhook's default ${legacy.label} reply is sent (${JSON.stringify(defaultReplyOf(legacy.category))}); write one, or "" for none`,
      );
    }
  }
  result.differences.push('fuzzy opt-out is off (near-misses such as "stpo" get no reply, as before migration)');
  for (const conflict of findKeywordConflicts({ keywords: lists, fuzzy: { enabled: false, action: 'reply' } })) {
    // Either side of a conflict may be a field left empty, whose legacy defaults the admin did not write.
    const word = normalizeText(lists[conflict.category]?.[conflict.index] ?? '');
    const defaulted = LEGACY_CATEGORIES.filter(
      (legacy) =>
        splitKeywords(entry[legacy.keywords]).length === 0 &&
        (lists[legacy.category] ?? []).some((keyword) => normalizeText(keyword) === word),
    ).map((legacy) => `${legacy.label} Keywords`);
    const note = defaulted.length > 0 ? ` (${defaulted.join(' and ')} is empty: the legacy defaults apply)` : '';
    problems.push({ path: `${path}/${fieldOf[conflict.category] ?? ''}`, message: `${conflict.message}${note}` });
  }
  return problems.length > before ? null : result;
}

function keywordDifferences(category: KeywordCategory, label: string, list: readonly string[]): string[] {
  const defaults = DEFAULT_KEYWORDS[category] ?? [];
  const migrated = new Set(list.map(normalizeText));
  const standard = new Set(defaults.map(normalizeText));
  const added = list.filter((keyword) => !standard.has(normalizeText(keyword)));
  const left = defaults.filter((keyword) => !migrated.has(normalizeText(keyword)));
  const differences: string[] = [];
  if (added.length > 0) differences.push(`${label} keywords add ${added.join(', ')} to the webhook defaults`);
  if (left.length > 0) differences.push(`${label} keywords leave out the webhook default(s) ${left.join(', ')}`);
  return differences;
}

function defaultReplyOf(category: KeywordCategory): string | null {
  if (category === 'opt-in') return DEFAULT_REPLIES.optIn;
  if (category === 'opt-out') return DEFAULT_REPLIES.optOut;
  if (category === 'help') return DEFAULT_REPLIES.help;
  return null;
}

function casesOf(webhookId: string, keywords: MigratedKeywords): PlannedWebhook['cases'] {
  return {
    description: `Every keyword of the legacy API credentials, in its old category (written by optline migrate for ${webhookId}).`,
    cases: keywords.pinned.map(({ keyword, category, reply }) => ({
      text: keyword,
      category,
      rule: 'exact',
      ...(reply === null ? {} : { reply }),
    })),
  };
}

/** Loads each planned webhook as start-up would and runs its cases; any problem refuses the entry. */
async function verify(plan: EntryPlan, path: string): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const credentials = checkCredentialsFile(plan.credentials);
  if (!credentials.ok) problems.push(...credentials.problems.map((problem) => ({ ...problem, path })));
  const channel = checkChannelBody(plan.channel);
  if (!channel.ok) problems.push(...channel.problems.map((problem) => ({ ...problem, path })));
  for (const webhook of plan.webhooks) {
    try {
      const definition = await loadRuleText(webhookText(webhook), join('migration', `${webhook.id}.webhook.json`));
      for (const pinned of webhook.cases?.cases ?? []) {
        const decision = await definition.classifier?.classify(pinned.text);
        if (decision?.category !== pinned.category || (pinned.reply !== undefined && decision.reply !== pinned.reply))
          problems.push({
            path,
            message: `${JSON.stringify(pinned.text)} would not get its old category ${pinned.category} and reply after migration`,
          });
      }
    } catch (error) {
      if (!(error instanceof RuleFileError)) throw error;
      for (const problem of error.problems)
        problems.push({ path, message: `the migrated webhook ${webhook.id} would not load: ${problem.message}` });
    }
  }
  return problems;
}

/** A flat object of every required placeholder, under keys an admin cannot mistake for the provider's. */
function payloadStub(kind: 'inbound' | 'feedback'): Record<string, string> {
  return Object.fromEntries(requiredFor(kind).map((name) => [`REPLACE_ME_${name}`, `{{${name}}}`]));
}

const SEND_STUB = {
  method: 'POST',
  url: '{{credentials.baseUrl}}',
  headers: { Authorization: '{{credentials.secret}}' },
  body: '{"from":{{json from}},"to":{{json to}},"text":{{json text}}}',
};

/** Lower-case, `-` for every other character, a numeric suffix when it (or a webhook id made from it) is taken. */
function reserveId(name: string, split: boolean, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+/, '')
      .slice(0, ID_BASE_LENGTH)
      .replace(/-+$/, '') || 'credentials';
  const derived = (id: string) => (split ? [id, `${id}-inbound`, `${id}-feedback`] : [id]);
  let id = base;
  for (let suffix = 2; derived(id).some((name) => taken.has(name)); suffix++) id = `${base}-${suffix}`;
  for (const name of derived(id)) taken.add(name);
  return id;
}

function secretEnvName(id: string, suffix: string): string {
  const upper = id.toUpperCase().replaceAll('-', '_');
  return `${/^[0-9]/.test(upper) ? 'OPTLINE_' : ''}${upper}_${suffix}`;
}

/** The inbound number with spaces, dots, dashes and brackets dropped; E.164 or a short code. */
function senderNumberOf(entry: LegacyEntry, path: string, problems: FieldProblem[]): string | null {
  const written = trimmed(entry.inboundNumber);
  const number = written.replace(/[\s().-]/g, '');
  if (written === '') {
    problems.push({ path: `${path}/inboundNumber`, message: 'the inbound number is required' });
    return null;
  }
  if (!SENDER_NUMBER_PATTERN.test(number)) {
    problems.push({
      path: `${path}/inboundNumber`,
      message: `${JSON.stringify(written)} is not a phone number: write it in E.164 (+15550100) or as a short code (12345)`,
    });
    return null;
  }
  return number;
}

function requireFields(entry: LegacyEntry, path: string, fields: LegacyField[]): FieldProblem[] {
  return fields
    .filter((field) => trimmed(entry[field]) === '')
    .map((field) => ({ path: `${path}/${field}`, message: `${field} is required for ${entry.vendor ?? ''}` }));
}

function splitKeywords(field: string | undefined): string[] {
  return (field ?? '')
    .split(',')
    .map((keyword) => keyword.trim())
    .filter((keyword) => keyword !== '');
}

/** Legacy messages are plain text: `{{` is written escaped so Handlebars prints it as it is. */
function escapeHandlebars(text: string): string {
  return text.replaceAll('{{', '\\{{');
}

function trimmed(value: string | undefined): string {
  return (value ?? '').trim();
}
