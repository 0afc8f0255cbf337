// `optline template suggest`: a payload template proposed from one sample body. Each event field takes the sample
// value that fits it best (field-scorers.ts); the proposal is printed as a template whose `//` comments carry the
// alternatives weighed and what the admin still has to decide, so it can be saved and edited as it is.
import type { EventKind } from '../../events.ts';
import { displayName, requiredFor } from '../placeholders.ts';
import { CONFIDENT, FIELD_SCORERS, PLAUSIBLE, type FieldScore, type ScoringContext } from './field-scorers.ts';
import {
  insideArray,
  jsonPath,
  keyOf,
  parentOf,
  payloadValues,
  wordsOf,
  type PathStep,
  type PayloadValue,
} from './payload-values.ts';
import { knownStatus } from './value-shapes.ts';

export interface Candidate extends FieldScore {
  path: readonly PathStep[];
  value: PayloadValue['value'];
}

export interface FieldProposal {
  /** The canonical placeholder name. */
  field: string;
  /** Undefined when no sample value fits: the field is placed under a TODO key that reads nothing. */
  chosen?: Candidate;
  /** The other values weighed, best first. */
  alternatives: Candidate[];
  confident: boolean;
}

export interface TemplateSuggestion {
  kind: EventKind;
  fields: FieldProposal[];
  openDecisions: string[];
  /** The template, with its comments. */
  text: string;
}

/** How many alternatives a field lists: enough to correct a wrong choice, few enough to read. */
const ALTERNATIVES_SHOWN = 3;
/** Sample values in the comments are cut to this many characters. */
const SHOWN_CHARACTERS = 40;
/** The key under which a field the sample does not show is placed: it reads nothing until the admin moves it. */
export const todoKey = (field: string): string => `TODO ${displayName(field)}`;

/** A template for `kind` proposed from `payload`, a parsed sample body (bound it with parseJsonBody first). */
export function suggestTemplate(payload: unknown, kind: EventKind, source = 'the sample'): TemplateSuggestion {
  const { values, truncated } = payloadValues(payload);
  const pathTexts = new Map(values.map((value) => [value, jsonPath(value.path)]));
  const used = new Set<string | undefined>();
  const context: ScoringContext = {};
  const fields: FieldProposal[] = [];
  const required = new Set(requiredFor(kind));
  for (const [field, scorer] of FIELD_SCORERS[kind]) {
    const candidates = values
      .filter((value) => !used.has(pathTexts.get(value)))
      .flatMap((value) => {
        const score = scorer(value, context);
        return score === undefined ? [] : [{ ...score, path: value.path, value: value.value }];
      })
      .sort((a, b) => b.score - a.score);
    const best = candidates[0];
    const threshold = required.has(field) ? PLAUSIBLE : CONFIDENT;
    const chosen = best !== undefined && best.score >= threshold ? best : undefined;
    if (chosen !== undefined) used.add(jsonPath(chosen.path));
    if (field === 'requestId' && chosen !== undefined) context.requestIdParent = parentOf(chosen.path);
    fields.push({
      field,
      chosen,
      alternatives: candidates.filter((candidate) => candidate !== chosen).slice(0, ALTERNATIVES_SHOWN),
      confident: chosen !== undefined && chosen.score >= CONFIDENT,
    });
  }
  const openDecisions = decisionsFor(kind, fields, values, required, truncated);
  return { kind, fields, openDecisions, text: render(kind, payload, fields, openDecisions, source) };
}

function decisionsFor(
  kind: EventKind,
  fields: FieldProposal[],
  values: PayloadValue[],
  required: ReadonlySet<string>,
  truncated: boolean,
): string[] {
  const decisions: string[] = [];
  for (const { field, chosen, confident } of fields) {
    const name = `{{${displayName(field)}}}`;
    if (chosen === undefined && required.has(field)) {
      decisions.push(
        `${name}: no value in the sample fits; it sits under "${todoKey(field)}", which reads nothing (null) until you move it where the provider puts it`,
      );
    } else if (chosen !== undefined && !confident) {
      decisions.push(
        `${name}: placed at ${jsonPath(chosen.path)}, but unsure (${chosen.why}): check it against the provider's documentation`,
      );
    }
  }
  const status = fields.find((proposal) => proposal.field === 'feedbackStatus')?.chosen;
  if (status !== undefined && !knownStatus(status.value)) {
    decisions.push(
      `the status ${shown(status.value)} is not in Optline's Custom status table (src/template/custom-statuses.ts): it will be read as unknown and not final`,
    );
  }
  if (kind === 'feedback' && fields.find((proposal) => proposal.field === 'clientReference')?.chosen === undefined) {
    decisions.push(
      "if the provider never echoes a reference you send, correlate on its message id: place {{client_reference}} there instead and keep the provider's id when you send",
    );
  }
  const key = fields.find(
    (proposal) => proposal.field === (kind === 'inbound' ? 'requestId' : 'clientReference'),
  )?.chosen;
  if (key !== undefined && insideArray(key.path)) {
    decisions.push(`a batch: every element of the array above ${jsonPath(key.path)} becomes its own event`);
  }
  for (const condition of conditionsOf(values)) {
    decisions.push(
      `if one URL receives several kinds of callbacks, add the condition ${JSON.stringify(keyOf(condition.path))}: ${shown(condition.value)} at ${jsonPath(condition.path)} (a literal must match exactly)`,
    );
  }
  if (truncated) decisions.push('the sample has more values than were examined: fields beyond them were not weighed');
  return decisions;
}

/** Values that tell one kind of callback from another (`"type": "mo_text"`), near the top of the body. */
function conditionsOf(values: PayloadValue[]): PayloadValue[] {
  return values.filter(({ path, value }) => {
    const words = wordsOf(keyOf(path));
    return (
      path.length <= 2 &&
      !insideArray(path) &&
      typeof value === 'string' &&
      value.length <= 40 &&
      words.length > 0 &&
      (words[words.length - 1] === 'type' || words.join('_') === 'event' || words[words.length - 1] === 'kind')
    );
  });
}

type TemplateTree =
  | { kind: 'object'; members: Map<string, TemplateTree> }
  | { kind: 'array'; element: TemplateTree | undefined }
  | { kind: 'placeholder'; proposal: FieldProposal };

function render(
  kind: EventKind,
  payload: unknown,
  fields: FieldProposal[],
  openDecisions: string[],
  source: string,
): string {
  const root: TemplateTree = Array.isArray(payload)
    ? { kind: 'array', element: undefined }
    : { kind: 'object', members: new Map() };
  const todoPath: PathStep[] = Array.isArray(payload) ? [null] : [];
  for (const proposal of fields) {
    if (proposal.chosen !== undefined) place(root, proposal.chosen.path, proposal);
    else if (requiredFor(kind).includes(proposal.field)) place(root, [...todoPath, todoKey(proposal.field)], proposal);
  }
  const lines = [
    `// ${kind === 'inbound' ? 'An' : 'A'} ${kind} template proposed by \`optline template suggest\` from ${oneLine(source)}.`,
    '// Read the comments, settle the open decisions, then: optline template check --kind ' + kind + ' FILE',
  ];
  if (openDecisions.length > 0) {
    lines.push('// Open decisions:');
    for (const decision of openDecisions) lines.push(`//   - ${oneLine(decision)}`);
  }
  lines.push(...print(root, ''));
  return `${lines.join('\n')}\n`;
}

function place(root: TemplateTree, path: readonly PathStep[], proposal: FieldProposal): void {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    const next = (): TemplateTree =>
      last
        ? { kind: 'placeholder', proposal }
        : path[i + 1] === null
          ? { kind: 'array', element: undefined }
          : { kind: 'object', members: new Map() };
    if (step === null && node.kind === 'array') {
      node.element ??= next();
      node = node.element;
    } else if (typeof step === 'string' && node.kind === 'object') {
      const child = node.members.get(step) ?? next();
      node.members.set(step, child);
      node = child;
    } else return; // paths come from one payload, so their shapes agree; nothing else reaches here
  }
}

function print(node: TemplateTree, indent: string): string[] {
  const inner = `${indent}  `;
  if (node.kind === 'placeholder') return [`"{{${displayName(node.proposal.field)}}}"`];
  if (node.kind === 'array') {
    if (node.element === undefined) return ['[]'];
    const element = print(node.element, inner);
    return ['[', ...commentsOf(node.element, inner), `${inner}${element[0]}`, ...element.slice(1), `${indent}]`];
  }
  const members = [...node.members];
  if (members.length === 0) return ['{}'];
  const lines = ['{'];
  members.forEach(([key, child], index) => {
    const comma = index < members.length - 1 ? ',' : '';
    const value = print(child, inner);
    lines.push(...commentsOf(child, inner));
    lines.push(`${inner}${templateString(key)}: ${value[0]}${value.length === 1 ? comma : ''}`);
    if (value.length > 1) lines.push(...value.slice(1, -1), `${value[value.length - 1]}${comma}`);
  });
  lines.push(`${indent}}`);
  return lines;
}

/** The comment lines above a placeholder: why this value, and the others weighed. */
function commentsOf(node: TemplateTree, indent: string): string[] {
  if (node.kind !== 'placeholder') return [];
  const { chosen, alternatives, field } = node.proposal;
  const name = `{{${displayName(field)}}}`;
  const lines = [
    chosen === undefined
      ? `${indent}// ${name}: not found in the sample (see the open decisions above)`
      : `${indent}// ${name} = ${shown(chosen.value)}: ${oneLine(chosen.why)}`,
  ];
  for (const alternative of alternatives) {
    lines.push(
      `${indent}//   also weighed ${jsonPath(alternative.path)} = ${shown(alternative.value)}: ${oneLine(alternative.why)}`,
    );
  }
  return lines;
}

/** A key as a template string: JSON, with `{` escaped so that no key can open a placeholder. */
function templateString(text: string): string {
  return JSON.stringify(text).replace(/\{/g, '\\u007b');
}

/** A sample value for a comment: JSON, cut to SHOWN_CHARACTERS characters, on one line. */
function shown(value: PayloadValue['value']): string {
  if (typeof value !== 'string') return String(value);
  const characters = [...value];
  const cut = characters.length > SHOWN_CHARACTERS ? `${characters.slice(0, SHOWN_CHARACTERS).join('')}…` : value;
  return oneLine(JSON.stringify(cut));
}

/** Nothing that ends a `//` comment: line breaks (JSON.stringify leaves U+2028 and U+2029 as they are) become escapes. */
function oneLine(text: string): string {
  return text.replace(
    /[\n\r\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
