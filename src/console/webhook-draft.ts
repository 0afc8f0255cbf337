// What the Create/Edit webhook form holds, and the rule file it turns into (the API's webhook body). Editing
// starts from the stored rule file, so fields the form does not show (verify, variables, send...) are kept.
import { isRecord } from './api-client.ts';

export type CategoryKey = 'optIn' | 'optOut' | 'doubleOptIn' | 'help' | 'custom';
export type WebhookType = 'inbound' | 'feedback';

export const CATEGORIES: readonly { key: CategoryKey; label: string }[] = [
  { key: 'optIn', label: 'Opt-In' },
  { key: 'optOut', label: 'Opt-Out' },
  { key: 'doubleOptIn', label: 'Double Opt-In' },
  { key: 'help', label: 'Help' },
  { key: 'custom', label: 'Custom' },
];

export interface VendorChoice {
  id: string;
  label: string;
  /** Whether the form asks for Inbound or Feedback (Sinch's one URL carries both). */
  typed: boolean;
  /** Why it cannot be chosen; absent when it can. */
  unavailable?: string;
}

export const VENDOR_CHOICES: readonly VendorChoice[] = [
  { id: 'sinch', label: 'Sinch', typed: false },
  { id: 'sinch-conversational', label: 'Sinch Conversational', typed: false },
  { id: 'infobip', label: 'Infobip', typed: true },
  { id: 'custom', label: 'Custom', typed: true },
  {
    id: 'twilio',
    label: 'Twilio',
    typed: false,
    unavailable: 'Webhooks are not available for Twilio: inbound and feedback data collection is not supported.',
  },
];

export const DEFAULT_KEYWORDS: Readonly<Record<CategoryKey, readonly string[]>> = {
  optIn: ['Subscribe', 'Yes', 'Unstop', 'Continue', 'Resume', 'Begin'],
  optOut: ['Stop', 'Quit', 'Cancel', 'End', 'Unsubscribe', 'No'],
  doubleOptIn: [],
  help: ['Help', 'Info', 'Information'],
  custom: [],
};

export interface WebhookDraft {
  /** null until the webhook exists (the id is derived from the name on creation). */
  id: string | null;
  name: string;
  vendor: string;
  type: WebhookType;
  credentials: string;
  senderNumber: string;
  keywords: Record<CategoryKey, string[]>;
  replies: Record<CategoryKey, string>;
  fuzzyEnabled: boolean;
  fuzzyReply: string;
  defaultReply: string;
  /** The payload template as the admin types it (Custom only). */
  payload: string;
  /** The stored rule file this draft edits ({} for a new one). */
  base: Record<string, unknown>;
}

const emptyReplies = (): Record<CategoryKey, string> => ({
  optIn: '',
  optOut: '',
  doubleOptIn: '',
  help: '',
  custom: '',
});

export function newDraft(): WebhookDraft {
  return {
    id: null,
    name: '',
    vendor: 'sinch',
    type: 'inbound',
    credentials: '',
    senderNumber: '',
    keywords: {
      optIn: [...DEFAULT_KEYWORDS.optIn],
      optOut: [...DEFAULT_KEYWORDS.optOut],
      doubleOptIn: [],
      help: [...DEFAULT_KEYWORDS.help],
      custom: [],
    },
    replies: emptyReplies(),
    fuzzyEnabled: true,
    fuzzyReply: '',
    defaultReply: '',
    payload:
      '{\n  "from": "{{profileNumber}}",\n  "to": "{{inboundNumber}}",\n  "text": "{{inboundMessage}}",\n  "id": "{{requestId}}"\n}\n',
    base: {},
  };
}

export function isTyped(vendor: string): boolean {
  return VENDOR_CHOICES.find((choice) => choice.id === vendor)?.typed ?? false;
}

/** Whether the webhook receives messages (and so has keywords and replies). */
export function receivesMessages(draft: Pick<WebhookDraft, 'vendor' | 'type'>): boolean {
  return !isTyped(draft.vendor) || draft.type === 'inbound';
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const words = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((word): word is string => typeof word === 'string') : [];

/** A draft of the stored rule file `content` (the text the API keeps as the webhook's latest revision). */
export function draftOf(content: string): WebhookDraft {
  const parsed: unknown = JSON.parse(content);
  const file = isRecord(parsed) ? parsed : {};
  const keywords = isRecord(file.keywords) ? file.keywords : {};
  const category = (key: CategoryKey) => (isRecord(keywords[key]) ? keywords[key] : {});
  const optOut = category('optOut');
  const fuzzy = isRecord(optOut.fuzzy) ? optOut.fuzzy : {};
  const custom = category('custom');
  const replies = emptyReplies();
  for (const { key } of CATEGORIES) replies[key] = text(category(key).reply);
  return {
    id: text(file.id),
    name: text(file.name),
    vendor: text(file.vendor),
    type: file.type === 'feedback' ? 'feedback' : 'inbound',
    credentials: text(file.credentials),
    senderNumber: text(file.senderNumber),
    keywords: {
      optIn: words(category('optIn').keywords),
      optOut: words(optOut.keywords),
      doubleOptIn: words(category('doubleOptIn').keywords),
      help: words(category('help').keywords),
      custom: text(custom.keyword) === '' ? [] : [text(custom.keyword)],
    },
    replies,
    fuzzyEnabled: fuzzy.enabled !== false,
    fuzzyReply: text(fuzzy.reply),
    defaultReply: text(file.defaultReply),
    payload: file.payload === undefined ? newDraft().payload : `${JSON.stringify(file.payload, null, 2)}\n`,
    base: file,
  };
}

/** A rule-file id from a webhook's name: lower-case letters, digits and dashes. */
export function idFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug === '' ? 'webhook' : slug;
}

/** 1.2.3 -> 1.2.4: every saved edit is a new version of the rule file, which stored decisions name. */
function nextVersion(version: unknown): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text(version));
  return match ? `${match[1]}.${match[2]}.${Number(match[3]) + 1}` : '1.0.0';
}

export type RuleFileResult = { ok: true; text: string } | { ok: false; path: string; message: string };

/** The rule file the API receives for this draft. */
export function ruleFileOf(draft: WebhookDraft): RuleFileResult {
  const file: Record<string, unknown> = { ...draft.base };
  file.id = draft.id ?? idFromName(draft.name);
  file.name = draft.name;
  file.version = draft.id === null ? '1.0.0' : nextVersion(draft.base.version);
  file.vendor = draft.vendor;
  if (isTyped(draft.vendor)) file.type = draft.type;
  else delete file.type;
  setOrDelete(file, 'credentials', draft.credentials);
  setOrDelete(file, 'senderNumber', draft.senderNumber.trim());
  const keywords = keywordsOf(draft, isRecord(draft.base.keywords) ? draft.base.keywords : {});
  if (receivesMessages(draft) && Object.keys(keywords).length > 0) file.keywords = keywords;
  else delete file.keywords;
  setOrDelete(file, 'defaultReply', receivesMessages(draft) ? draft.defaultReply : '');
  if (draft.vendor === 'custom') {
    const payload = templateValue(draft.payload);
    if (!payload.ok) return { ok: false, path: '/payload', message: payload.message };
    delete file.payloadFile;
    file.payload = payload.value;
  } else {
    delete file.payload;
    delete file.payloadFile;
  }
  return { ok: true, text: `${JSON.stringify(file, null, 2)}\n` };
}

function keywordsOf(draft: WebhookDraft, stored: Record<string, unknown>): Record<string, unknown> {
  const keywords: Record<string, unknown> = {};
  const known = CATEGORIES.map(({ key }) => key);
  const order = [
    ...known
      .filter((key) => key in stored)
      .sort((a, b) => Object.keys(stored).indexOf(a) - Object.keys(stored).indexOf(b)),
    ...known.filter((key) => !(key in stored)),
  ];
  for (const key of order) {
    // Settings the form does not show (expiresAfterDays, the fuzzy action) are kept from the stored file, and
    // keys keep their place, so a revision's diff shows only what was changed.
    const category: Record<string, unknown> = isRecord(stored[key]) ? { ...stored[key] } : {};
    const reply = draft.replies[key];
    if (key === 'custom') {
      const keyword = draft.keywords.custom[0];
      if (keyword === undefined) continue;
      category.keyword = keyword;
    } else {
      category.keywords = draft.keywords[key];
    }
    setOrDelete(category, 'reply', reply);
    if (key === 'optOut') {
      const fuzzy: Record<string, unknown> = isRecord(category.fuzzy) ? { ...category.fuzzy } : {};
      fuzzy.enabled = draft.fuzzyEnabled;
      setOrDelete(fuzzy, 'reply', draft.fuzzyReply);
      category.fuzzy = fuzzy;
    }
    if (draft.keywords[key].length === 0 && reply === '' && key !== 'optOut') continue;
    keywords[key] = category;
  }
  return keywords;
}

function setOrDelete(record: Record<string, unknown>, key: string, value: string): void {
  if (value === '') delete record[key];
  else record[key] = value;
}

/**
 * The payload template as the JSON value a rule file holds inline: `//` comments are dropped and a bare
 * `{{name}}` becomes the string "{{name}}", which the template language reads alike.
 */
export function templateValue(template: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i += 1) {
    const char = template[i];
    if (inString) {
      out += char;
      if (char === '\\') {
        out += template[i + 1] ?? '';
        i += 1;
      } else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && template[i + 1] === '/') {
      while (i < template.length && template[i] !== '\n') i += 1;
      out += '\n';
    } else if (char === '{' && template[i + 1] === '{') {
      const end = template.indexOf('}}', i);
      if (end === -1) return { ok: false, message: 'a placeholder {{ is not closed' };
      out += JSON.stringify(template.slice(i, end + 2));
      i = end + 1;
    } else out += char;
  }
  try {
    return { ok: true, value: JSON.parse(out) as unknown };
  } catch (error) {
    return { ok: false, message: `the payload template is not JSON: ${error instanceof Error ? error.message : ''}` };
  }
}

/** The form field a problem of the API (a JSON pointer into the rule file) belongs next to. */
export function fieldOfProblem(problem: { path: string; message: string }): string {
  const path = problem.path;
  if (path === '') {
    const missing = /required property "(\w+)"/.exec(problem.message);
    return missing?.[1] ?? 'form';
  }
  const [first, second] = path.split('/').slice(1);
  if (first === 'keywords' && second !== undefined) return `keywords.${second}`;
  if (first === 'payloadFile') return 'payload';
  return first ?? 'form';
}
