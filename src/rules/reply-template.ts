// Replies are Handlebars templates compiled when the rule file loads. Only {{variable}} and {{#if}}/{{#unless}}
// blocks over known variables are allowed, so a typo is a load error instead of an empty string at send time.
import Handlebars from 'handlebars';
import type { ReplyRenderer } from '../keywords/classifier.ts';

/** Variables every reply can use, whatever the rule file declares. */
export const BUILT_IN_VARIABLES = ['keyword', 'senderNumber', 'profileNumber'] as const;

export type ReplyCompilation = { ok: true; render: ReplyRenderer } | { ok: false; messages: string[] };

const BLOCK_HELPERS = new Set(['if', 'unless']);

export function compileReply(text: string, known: ReadonlySet<string>): ReplyCompilation {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, messages: [`reply is not a valid template: ${detail}`] };
  }
  const messages: string[] = [];
  checkProgram(program, known, messages);
  if (messages.length > 0) return { ok: false, messages };
  const template = Handlebars.compile<Readonly<Record<string, string>>>(text, { noEscape: true, strict: true });
  return { ok: true, render: (variables) => template(variables) };
}

function checkProgram(program: hbs.AST.Program, known: ReadonlySet<string>, messages: string[]): void {
  for (const statement of program.body) checkStatement(statement, known, messages);
}

function checkStatement(statement: hbs.AST.Statement, known: ReadonlySet<string>, messages: string[]): void {
  const at = `line ${statement.loc.start.line}, column ${statement.loc.start.column + 1} of the reply`;
  switch (statement.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const mustache = statement as hbs.AST.MustacheStatement;
      if (mustache.params.length > 0 || mustache.hash !== undefined) {
        messages.push(`helpers are not supported in replies (${at})`);
      } else {
        checkPath(mustache.path, known, messages, at);
      }
      return;
    }
    case 'BlockStatement': {
      const block = statement as hbs.AST.BlockStatement;
      const [condition, ...rest] = block.params;
      if (!BLOCK_HELPERS.has(block.path.original) || condition === undefined || rest.length > 0 || block.hash !== undefined) {
        messages.push(`only {{#if variable}} and {{#unless variable}} blocks are supported in replies (${at})`);
        return;
      }
      checkPath(condition, known, messages, at);
      checkProgram(block.program, known, messages);
      if (block.inverse) checkProgram(block.inverse, known, messages);
      return;
    }
    default:
      messages.push(`${statement.type} is not supported in replies (${at})`);
  }
}

function checkPath(expression: hbs.AST.Expression, known: ReadonlySet<string>, messages: string[], at: string): void {
  if (expression.type !== 'PathExpression') {
    messages.push(`only variables can be used in replies (${at})`);
    return;
  }
  const path = expression as hbs.AST.PathExpression;
  if (path.data || path.depth > 0 || path.parts.length !== 1 || !known.has(path.original)) {
    const available = [...known].sort().join(', ');
    messages.push(`unknown variable {{${path.original}}} (${at}); available: ${available}`);
  }
}
