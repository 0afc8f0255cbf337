// Replies are Handlebars templates compiled when the rule file loads. Only {{variable}} and {{#if}}/{{#unless}}
// blocks over known variables are allowed, so a typo is a load error instead of an empty string at send time.
import Handlebars from 'handlebars';
import type { ReplyRenderer } from '../keywords/classifier.ts';
import { checkTemplate } from '../handlebars/check-template.ts';
import { templateBoundProblem } from '../handlebars/template-bounds.ts';

/** Variables every reply can use, whatever the rule file declares. */
export const BUILT_IN_VARIABLES = ['keyword', 'senderNumber', 'profileNumber'] as const;

export type ReplyCompilation = { ok: true; render: ReplyRenderer } | { ok: false; messages: string[] };

const NO_HELPERS: ReadonlySet<string> = new Set();

export function compileReply(text: string, known: ReadonlySet<string>): ReplyCompilation {
  const bound = templateBoundProblem(text, ' of the reply');
  if (bound !== null) return { ok: false, messages: [bound] };
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, messages: [`reply is not a valid template: ${detail}`] };
  }
  const messages = checkTemplate(program, {
    isVariable: (parts) => parts.length === 1 && known.has(parts[0]!),
    available: [...known].sort().join(', '),
    valueHelpers: NO_HELPERS,
    where: ' in replies',
    positionSuffix: ' of the reply',
  });
  if (messages.length > 0) return { ok: false, messages };
  const template = Handlebars.compile<Readonly<Record<string, string>>>(text, { noEscape: true, strict: true });
  return { ok: true, render: (variables) => template(variables) };
}
