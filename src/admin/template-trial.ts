// Tries a payload template from the console without saving anything: compile it as rule-file loading does
// (problems and warnings with line and column in the text sent), and extract a provider's body with it as the
// webhook would, or say where the body does not fit.
import { AppError } from '../errors.ts';
import type { EventKind } from '../events.ts';
import { decodeUtf8, parseJsonBody } from '../json/parse-json-body.ts';
import { compileTemplate, extractOrMismatch } from '../template/compile-template.ts';
import type { CompiledTemplate } from '../template/compiled-template.ts';
import { TemplateCompileError } from '../template/template-compile-error.ts';
import type { TemplateProblem } from '../template/template-problem.ts';

/** Templates in rule files are a few KiB; 64 KiB bounds the compile work a request can ask for. */
export const TEMPLATE_MAX_LENGTH = 64 * 1024;
export const PAYLOAD_MAX_LENGTH = 192 * 1024;

const kind = { enum: ['inbound', 'feedback'], description: 'inbound or feedback' } as const;
const template = {
  type: 'string',
  minLength: 1,
  maxLength: TEMPLATE_MAX_LENGTH,
  description: "the payload template's source text (a rule file's inline payload as JSON text)",
} as const;

export const TEMPLATE_CHECK_SCHEMA = {
  type: 'object',
  required: ['kind', 'template'],
  additionalProperties: false,
  properties: { kind, template },
} as const;

export const TEMPLATE_EXTRACT_SCHEMA = {
  type: 'object',
  required: ['kind', 'template', 'payload'],
  additionalProperties: false,
  properties: {
    kind,
    template,
    payload: { type: 'string', maxLength: PAYLOAD_MAX_LENGTH, description: "the provider's raw body text" },
    contentType: { type: 'string', maxLength: 200, description: 'the Content-Type the provider sends' },
  },
} as const;

const located = {
  type: 'object',
  required: ['message', 'line', 'column'],
  additionalProperties: false,
  properties: {
    message: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
  },
} as const;

export const TEMPLATE_CHECK_RESULT_SCHEMA = {
  type: 'object',
  required: ['ok', 'problems', 'warnings'],
  additionalProperties: false,
  properties: {
    ok: { type: 'boolean' },
    problems: { type: 'array', items: located },
    warnings: { type: 'array', items: { ...located, required: ['message'] } },
  },
} as const;

export const TEMPLATE_EXTRACT_RESULT_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      required: ['matched', 'events'],
      additionalProperties: false,
      properties: {
        matched: { const: true },
        events: { type: 'array', items: { type: 'object', description: 'an extracted event, as stored' } },
        ignored: { type: 'integer', minimum: 1, description: 'entries of a batch that are events of another type' },
        reason: { type: 'string', description: 'why a well-formed callback carries no event Optline uses' },
      },
    },
    {
      type: 'object',
      required: ['matched', 'mismatch'],
      additionalProperties: false,
      properties: {
        matched: { const: false },
        mismatch: {
          type: 'object',
          required: ['path', 'message'],
          additionalProperties: false,
          properties: {
            path: { type: 'string', description: 'JSON path, such as $.results[0].from' },
            message: { type: 'string' },
          },
        },
      },
    },
  ],
} as const;

export interface LocatedProblem {
  message: string;
  line: number;
  column: number;
}

export type TemplateCheck = { ok: boolean; problems: LocatedProblem[]; warnings: LocatedProblem[] };

export type TemplateExtraction =
  | { matched: true; events: object[]; ignored?: number; reason?: string }
  | { matched: false; mismatch: { path: string; message: string } };

const locate = (problem: TemplateProblem): LocatedProblem => ({
  message: problem.message,
  line: problem.line,
  column: problem.column,
});

function compile(text: string, kind: EventKind): { template: CompiledTemplate } | { problems: LocatedProblem[] } {
  try {
    return { template: compileTemplate(text, { kind, source: 'template' }) };
  } catch (error) {
    if (!(error instanceof TemplateCompileError)) throw error;
    return { problems: error.problems.map(locate) };
  }
}

export function checkTemplate(input: { kind: EventKind; template: string }): TemplateCheck {
  const compiled = compile(input.template, input.kind);
  if ('problems' in compiled) return { ok: false, problems: compiled.problems, warnings: [] };
  return { ok: true, problems: [], warnings: compiled.template.warnings.map(locate) };
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/** Throws validation_failed (422) listing the template's problems when it does not compile. */
export function extractWithTemplate(input: {
  kind: EventKind;
  template: string;
  payload: string;
  contentType?: string;
}): TemplateExtraction {
  const compiled = compile(input.template, input.kind);
  if ('problems' in compiled) {
    const [first] = compiled.problems;
    throw new AppError(
      'validation_failed',
      `the template does not compile: ${first ? `line ${first.line}, column ${first.column}: ${first.message}` : ''}`,
      { problems: compiled.problems.map((problem) => ({ path: '/template', ...problem })) },
    );
  }
  const template = compiled.template;
  const mediaType = (input.contentType ?? 'application/json').split(';')[0]!.trim();
  if (!JSON_TYPE.test(mediaType) && !(template.expectsSnsEnvelope && /^text\/plain$/i.test(mediaType))) {
    return {
      matched: false,
      mismatch: {
        path: '$',
        message: `the webhook would refuse Content-Type ${mediaType.slice(0, 100)} (415): JSON only`,
      },
    };
  }
  let payload: unknown;
  try {
    payload = parseJsonBody(decodeUtf8(Buffer.from(input.payload, 'utf8')));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { matched: false, mismatch: { path: '$', message: error.message } };
  }
  const outcome = extractOrMismatch(template, payload);
  if (outcome.kind === 'mismatch')
    return { matched: false, mismatch: { path: outcome.path, message: outcome.message } };
  if (outcome.kind === 'ignored') return { matched: true, events: [], reason: outcome.reason };
  return {
    matched: true,
    events: outcome.events,
    ...(outcome.ignored === undefined || outcome.ignored === 0 ? {} : { ignored: outcome.ignored }),
  };
}
