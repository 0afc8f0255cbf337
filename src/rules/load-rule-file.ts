// Loads a rule file: strict JSON -> schema -> keyword conflicts and revocation phrases -> reply templates -> payload template ->
// compiled classifier. Every problem found is reported at once, with file, JSON pointer, line and column.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { printParseErrorCode, type Node } from 'jsonc-parser';
import { createClassifier, type ReplyRenderer } from '../keywords/classifier.ts';
import type { DecisionCategory } from '../keywords/categories.ts';
import { findKeywordConflicts } from '../keywords/keyword-conflicts.ts';
import { findPhraseProblems } from '../keywords/revocation-phrases.ts';
import { NearMissIndexTooLargeError } from '../keywords/near-miss-index.ts';
import { DEFAULT_DOUBLE_OPT_IN_EXPIRY_DAYS } from './default-replies.ts';
import { JsonLocator, toPointer } from './json-locator.ts';
import { checkPayloadTemplate, type InlineTemplateLocation } from './payload-template-check.ts';
import { sendRequestProblems } from '../vendors/custom/custom-send-client.ts';
import type { Problem } from './problem.ts';
import { BUILT_IN_VARIABLES, compileReply } from './reply-template.ts';
import { resolveKeywords } from './resolve-keywords.ts';
import { MAX_JSON_DEPTH } from './rule-file-limits.ts';
import type { RuleFileDocument } from './rule-file-document.ts';
import { RuleFileError, type RuleFileProblem } from './rule-file-error.ts';
import { validateAgainstSchema } from './schema-validation.ts';
import type { WebhookDefinition } from './webhook-definition.ts';
import { isRecord } from '../json/is-record.ts';

export const TWILIO_REFUSAL =
  'webhooks are not available for Twilio; inbound and feedback data collection is not supported';
export const RULE_FILE_SUFFIX = '.webhook.json';

export async function loadRuleFile(path: string): Promise<WebhookDefinition> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new RuleFileError([
      {
        file: path,
        pointer: '',
        line: 1,
        column: 1,
        message: `cannot read the rule file: ${reason(error)}`,
        severity: 'error',
      },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RuleFileError([
      { file: path, pointer: '', line: 1, column: 1, message: 'the rule file is not valid UTF-8', severity: 'error' },
    ]);
  }
  return load(text, path, sha256(bytes), path);
}

/** For rule files that are not on disk (the admin API). A payloadFile is read relative to `file`. */
export async function loadRuleText(text: string, file: string): Promise<WebhookDefinition> {
  return load(text, file, sha256(Buffer.from(text, 'utf8')), null);
}

/** Every `*.webhook.json` in `dir` (sorted by name); a file that fails adds its problems instead. */
export async function loadRulesDir(dir: string): Promise<{ definitions: WebhookDefinition[]; problems: Problem[] }> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(RULE_FILE_SUFFIX)).sort();
  const definitions: WebhookDefinition[] = [];
  const problems: Problem[] = [];
  const byId = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const definition = await loadRuleFile(file);
      const first = byId.get(definition.id);
      if (first !== undefined) {
        problems.push(await duplicateIdProblem(file, definition.id, first));
        continue;
      }
      byId.set(definition.id, file);
      definitions.push(definition);
      problems.push(...definition.warnings);
    } catch (error) {
      if (!(error instanceof RuleFileError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { definitions, problems };
}

async function load(
  text: string,
  file: string,
  contentHash: string,
  diskPath: string | null,
): Promise<WebhookDefinition> {
  const locator = new JsonLocator(text);
  const at = (pointer: string, message: string): RuleFileProblem => ({
    file,
    pointer,
    ...locator.locate(pointer),
    message,
    severity: 'error',
  });
  if (locator.tooDeepAt !== null) {
    throw new RuleFileError([
      {
        file,
        pointer: '',
        ...locator.position(locator.tooDeepAt),
        message: `invalid JSON: nested more than ${MAX_JSON_DEPTH} levels deep`,
        severity: 'error',
      },
    ]);
  }
  if (locator.syntaxErrors.length > 0 || locator.root === undefined) {
    throw new RuleFileError(
      locator.syntaxErrors.map((error) => ({
        file,
        pointer: '',
        ...locator.position(error.offset),
        message: `invalid JSON: ${describeSyntaxError(printParseErrorCode(error.error))}`,
        severity: 'error',
      })),
    );
  }
  const raw: unknown = JSON.parse(text);
  const problems: RuleFileProblem[] = duplicateKeys(locator.root, []).map(({ pointer, offset }) => ({
    file,
    pointer,
    ...locator.position(offset),
    message: `duplicate property "${pointer.split('/').pop() ?? ''}"`,
    severity: 'error',
  }));
  if (isRecord(raw) && raw.vendor === 'twilio') {
    problems.push(at('/vendor', TWILIO_REFUSAL));
    throw new RuleFileError(problems);
  }
  problems.push(...validateAgainstSchema(raw, file, locator));
  if (problems.length > 0) throw new RuleFileError(problems);
  const document = raw as RuleFileDocument;

  const variables = document.variables ?? {};
  for (const name of BUILT_IN_VARIABLES) {
    if (name in variables)
      problems.push(at(`/variables/${name}`, `"${name}" is a built-in variable and cannot be redefined`));
  }
  const isFeedback = document.type === 'feedback';
  const resolved = resolveKeywords(document);
  const replies: Partial<Record<DecisionCategory, ReplyRenderer>> = {};
  if (!isFeedback) {
    for (const conflict of findKeywordConflicts(resolved.config)) {
      problems.push(at(resolved.keywordPointers[conflict.category][conflict.index] ?? '/keywords', conflict.message));
    }
    for (const problem of findPhraseProblems(resolved.config.fuzzy.phrases ?? [])) {
      problems.push(at(`/keywords/optOut/fuzzy/phrases/${problem.index}`, problem.message));
    }
    const known = new Set([...Object.keys(variables), ...BUILT_IN_VARIABLES]);
    for (const reply of resolved.replies) {
      if (reply.text === null) continue;
      const compiled = compileReply(reply.text, known);
      if (compiled.ok) replies[reply.category] = compiled.render;
      else for (const message of compiled.messages) problems.push(at(reply.pointer, message));
    }
  }
  let payloadTemplate: WebhookDefinition['payloadTemplate'] = null;
  const warnings: Problem[] = [];
  if (document.vendor === 'custom') {
    const loaded = await readPayloadTemplate(document, file, locator, at);
    if ('problem' in loaded) problems.push(loaded.problem);
    else {
      payloadTemplate = loaded.template;
      const checked = checkPayloadTemplate(
        loaded.template,
        document.type === 'feedback' ? 'feedback' : 'inbound',
        loaded.inlineAt,
        document.statusMap,
      );
      problems.push(...checked.errors);
      warnings.push(...checked.warnings);
    }
    if (document.send !== undefined) {
      for (const problem of sendRequestProblems(document.send))
        problems.push(at(toPointer(['send', ...problem.path.split('.')]), problem.message));
    }
  }
  if (problems.length > 0) throw new RuleFileError(problems);
  let classifier: WebhookDefinition['classifier'] = null;
  try {
    if (!isFeedback)
      classifier = createClassifier({ ...resolved.config, replies, variables, senderNumber: document.senderNumber });
  } catch (error) {
    if (!(error instanceof NearMissIndexTooLargeError)) throw error;
    throw new RuleFileError([at(resolved.listPointers['opt-out'], error.message)]);
  }

  return {
    id: document.id,
    name: document.name,
    description: document.description ?? '',
    version: document.version,
    vendor: document.vendor,
    type: document.type ?? null,
    credentials: document.credentials ?? null,
    senderNumber: document.senderNumber ?? null,
    consentScope: document.consentScope ?? 'sender',
    doubleOptInExpiresAfterDays: document.keywords?.doubleOptIn?.expiresAfterDays ?? DEFAULT_DOUBLE_OPT_IN_EXPIRY_DAYS,
    verify: document.verify ?? null,
    payloadTemplate,
    statusMap: document.statusMap ?? {},
    warnings,
    send: document.send ?? null,
    sns: { autoConfirm: document.sns?.autoConfirm ?? false },
    file: diskPath,
    contentHash,
    classifier,
    raw,
    content: text,
  };
}

type PayloadTemplateLoad =
  | { template: { text: string; source: string }; inlineAt: InlineTemplateLocation | null }
  | { problem: RuleFileProblem };

async function readPayloadTemplate(
  document: RuleFileDocument,
  file: string,
  locator: JsonLocator,
  at: (pointer: string, message: string) => RuleFileProblem,
): Promise<PayloadTemplateLoad> {
  if (document.payloadFile === undefined) {
    return {
      template: { text: JSON.stringify(document.payload, null, 2), source: `${file}#/payload` },
      inlineAt: { file, ...locator.locate('/payload') },
    };
  }
  const path = join(dirname(file), document.payloadFile);
  try {
    return { template: { text: await readFile(path, 'utf8'), source: path }, inlineAt: null };
  } catch (error) {
    return { problem: at('/payloadFile', `cannot read the payload template ${path}: ${reason(error)}`) };
  }
}

function duplicateKeys(node: Node, path: Array<string | number>): Array<{ pointer: string; offset: number }> {
  const found: Array<{ pointer: string; offset: number }> = [];
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key === undefined || typeof key.value !== 'string') continue;
      if (seen.has(key.value)) found.push({ pointer: toPointer([...path, key.value]), offset: key.offset });
      seen.add(key.value);
      if (value !== undefined) found.push(...duplicateKeys(value, [...path, key.value]));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, index) => found.push(...duplicateKeys(child, [...path, index])));
  }
  return found;
}

function describeSyntaxError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A second rule file with an id already taken, reported at its `/id`. */
export async function duplicateIdProblem(file: string, id: string, first: string): Promise<Problem> {
  const position = new JsonLocator(await readFile(file, 'utf8')).locate('/id');
  return { file, pointer: '/id', ...position, message: `id "${id}" is already used by ${first}`, severity: 'error' };
}
