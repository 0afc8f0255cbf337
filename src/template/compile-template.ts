// compileTemplate: text -> CompiledTemplate, or a TemplateCompileError listing every problem at once.
import type { CanonicalStatus, EventKind, Extraction } from '../events.ts';
import { statusLookup, meaningOf, type StatusTable } from './status-table.ts';
import { CUSTOM_STATUSES } from './custom-statuses.ts';
import { buildExtraction, type BuildOptions } from './build-extraction.ts';
import type { CompiledTemplate, TemplateMatch } from './compiled-template.ts';
import { generateExtractor } from './generate-extractor.ts';
import { mismatch, type PayloadMismatch } from './payload-mismatch.ts';
import { parseTemplate } from './parse-template.ts';
import {
  allowedFor,
  displayName,
  kindOf,
  OPTIONAL_WITH_WARNING,
  PLACEHOLDER_NAMES,
  requiredFor,
} from './placeholders.ts';
import type { StatusMapper } from './status-mapper.ts';
import { TemplateCompileError } from './template-compile-error.ts';
import type { PlaceholderNode } from './template-node.ts';
import type { TemplateProblem } from './template-problem.ts';
import { buildProgram } from './template-program.ts';
import { holdsEmbeddedJson } from './event-key.ts';
import { VALUE_RULES, type ValueRule } from './value-rules.ts';
import { visitTemplate } from './template-visitor.ts';

export interface CompileTemplateOptions {
  /** Inferred from the placeholders when omitted. */
  kind?: EventKind;
  /** Names the template in error messages (a file name); 'template' by default. */
  source?: string;
  /**
   * The rule file's `statusMap`: a provider's status (or, where the template places no status, code) ->
   * canonical status, merged over the built-in Custom table; keys compare case-insensitively.
   */
  statusMap?: Readonly<Record<string, CanonicalStatus>>;
}

/** For Optline's built-in vendor templates only. */
export interface BuiltinTemplateOptions extends CompileTemplateOptions {
  /** Custom templates must place every required placeholder; built-in ones may leave some out. */
  requireAll?: boolean;
  /** Extra placeholders a built-in template may use (e.g. Infobip's seenAt), with their value rule. */
  extraPlaceholders?: Readonly<Record<string, ValueRule>>;
  statusOf?: StatusMapper;
  binary?: boolean;
}

export const customStatusOf: StatusMapper = customStatusMapper({});

/** The built-in Custom table with a rule file's statusMap over it. */
export function customStatusMapper(statusMap: Readonly<Record<string, CanonicalStatus>>): StatusMapper {
  const table: Record<string, StatusTable[string]> = { ...CUSTOM_STATUSES };
  for (const [raw, canonical] of Object.entries(statusMap)) table[raw.toLowerCase()] = meaningOf(canonical);
  const lookup = statusLookup(table);
  return (status, code) => lookup(status ?? code);
}

/** The events of a payload, or where and why it does not fit, without the TemplateMatch wrapper (for vendors). */
export function extractOrMismatch(template: CompiledTemplate, payload: unknown): Extraction | PayloadMismatch {
  const extraction = template.tryExtract(payload);
  if (extraction !== undefined) return extraction;
  const match = template.interpret(payload); // where and why it does not fit
  return match.ok ? match.extraction : match.mismatch;
}

export function compileTemplate(text: string, options: CompileTemplateOptions = {}): CompiledTemplate {
  return compileTemplateWith(text, {
    kind: options.kind,
    source: options.source,
    statusOf: options.statusMap === undefined ? undefined : customStatusMapper(options.statusMap),
  });
}

export function compileTemplateWith(text: string, options: BuiltinTemplateOptions): CompiledTemplate {
  const source = options.source ?? 'template';
  const extras = options.extraPlaceholders ?? {};
  const names = new Map(PLACEHOLDER_NAMES);
  for (const name of Object.keys(extras)) names.set(name, name);

  const parsed = parseTemplate(text);
  const problems = [...parsed.problems];
  const visited = parsed.cst === undefined ? undefined : visitTemplate(parsed.cst, names);
  if (visited !== undefined) problems.push(...visited.problems);
  const syntaxOk = parsed.problems.length === 0;
  let kind = options.kind;
  const warnings: TemplateProblem[] = [];
  if (visited !== undefined && syntaxOk) {
    kind = checkKind(visited.placed, options.kind, new Set(Object.keys(extras)), problems);
    if (kind !== undefined && options.requireAll !== false)
      checkRequired(visited.placed, visited.mentioned, kind, problems, warnings);
  }
  const root = visited?.root;
  if (problems.length > 0 || root === undefined || kind === undefined) {
    if (problems.length === 0)
      problems.push({ line: 1, column: 1, message: 'the template is empty', expected: 'a JSON value' });
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new TemplateCompileError(problems, source);
  }

  const eventKind = kind;
  const rules = { ...VALUE_RULES, ...extras };
  const program = buildProgram(root, eventKind, rules);
  const build: BuildOptions = {
    kind: eventKind,
    statusOf: options.statusOf ?? customStatusOf,
    binary: options.binary,
    media: eventKind === 'inbound' && visited?.placed.has('mediaUrl') === true,
    batched: program.batched,
  };
  const interpret = (payload: unknown): TemplateMatch => {
    const result = program.run(payload);
    if (!result.ok) return result;
    const extraction = buildExtraction(result.records, build, result.ignored);
    if (extraction.kind !== 'missing') return { ok: true, extraction };
    const record = result.records[extraction.index];
    const path = record === undefined ? '$' : program.pathOf(extraction.name, record);
    return { ok: false, mismatch: mismatch(path, extraction.message) };
  };
  const tryExtract = generateExtractor(root, {
    kind: eventKind,
    rules,
    statusOf: build.statusOf,
    binary: build.binary === true,
    media: build.media === true,
    extras: Object.keys(extras),
  });
  return {
    kind: eventKind,
    warnings,
    expectsSnsEnvelope: holdsEmbeddedJson(root),
    extract(payload) {
      const extraction = tryExtract(payload);
      // The fast path only says that the payload does not fit; the interpreter says where and why.
      return extraction === undefined ? interpret(payload) : { ok: true, extraction };
    },
    tryExtract,
    interpret,
  };
}

function checkKind(
  placed: Map<string, PlaceholderNode>,
  given: EventKind | undefined,
  extras: ReadonlySet<string>,
  problems: TemplateProblem[],
): EventKind | undefined {
  const byKind = { inbound: [] as PlaceholderNode[], feedback: [] as PlaceholderNode[] };
  for (const placeholder of placed.values()) {
    const kind = kindOf(placeholder.name);
    if (kind !== undefined) byKind[kind].push(placeholder);
  }
  if (given !== undefined) {
    const allowed = allowedFor(given);
    for (const placeholder of placed.values()) {
      if (allowed.has(placeholder.name) || extras.has(placeholder.name)) continue;
      problems.push({
        line: placeholder.line,
        column: placeholder.column,
        message: `{{${placeholder.written}}} is a ${kindOf(placeholder.name) ?? 'different'} placeholder, but this is ${given === 'inbound' ? 'an' : 'a'} ${given} template`,
        expected: `one of ${[...allowed].map((name) => `{{${displayName(name)}}}`).join(' ')}`,
        found: `{{${placeholder.written}}}`,
      });
    }
    return given;
  }
  const [firstInbound] = byKind.inbound;
  const [firstFeedback] = byKind.feedback;
  if (firstInbound !== undefined && firstFeedback !== undefined) {
    problems.push({
      line: firstFeedback.line,
      column: firstFeedback.column,
      message: `the template mixes inbound placeholders ({{${firstInbound.written}}} at line ${firstInbound.line}) and feedback placeholders ({{${firstFeedback.written}}}): a template is one or the other`,
      expected: 'placeholders of one kind',
      found: `{{${firstFeedback.written}}}`,
    });
    return undefined;
  }
  if (firstInbound !== undefined) return 'inbound';
  if (firstFeedback !== undefined || placed.has('clientReference')) return 'feedback';
  problems.push({
    line: 1,
    column: 1,
    message:
      'no placeholder tells whether this is an inbound or a feedback template: place the fields or give the kind',
    expected: 'inbound or feedback placeholders',
    found: placed.size === 0 ? 'no placeholders' : 'only placeholders that fit both kinds',
  });
  return undefined;
}

function checkRequired(
  placed: Map<string, PlaceholderNode>,
  mentioned: ReadonlySet<string>,
  kind: EventKind,
  problems: TemplateProblem[],
  warnings: TemplateProblem[],
): void {
  const required = requiredFor(kind);
  const absent = required.filter((name) => !mentioned.has(name));
  for (const name of absent) {
    const consequence = OPTIONAL_WITH_WARNING[name];
    if (consequence === undefined) continue;
    warnings.push({
      line: 1,
      column: 1,
      message: `the template does not place {{${displayName(name)}}}: ${consequence}`,
      expected: `{{${displayName(name)}}}`,
      found: 'nothing',
    });
  }
  const mandatory = required.filter((name) => OPTIONAL_WITH_WARNING[name] === undefined);
  const missing = absent.filter((name) => OPTIONAL_WITH_WARNING[name] === undefined);
  if (missing.length === 0) return;
  const list = (names: readonly string[]): string => names.map((name) => `{{${displayName(name)}}}`).join(' ');
  problems.push({
    line: 1,
    column: 1,
    message: `missing ${list(missing)}: a Custom ${kind} template must place all of ${list(mandatory)}`,
    expected: list(mandatory),
    found: placed.size === 0 ? 'no placeholders' : list([...placed.keys()].filter((name) => required.includes(name))),
  });
}
