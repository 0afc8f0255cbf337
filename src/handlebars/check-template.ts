// Checks a parsed Handlebars template against what it may use, before it ever renders: known variables, the
// {{#if}}/{{#unless}} blocks, and (where allowed) one-value helpers. Reply templates and custom send requests
// share it, so a typo is a load error everywhere instead of an empty string at send time.

export interface TemplateVocabulary {
  /** True when a plain path (no @data, no ../) names a variable the template may use. */
  isVariable(parts: readonly string[]): boolean;
  /** Listed after an unknown variable, e.g. "brand, keyword". */
  available: string;
  /** Helpers that take exactly one value, e.g. {{json text}}; empty: no helpers at all. */
  valueHelpers: ReadonlySet<string>;
  /** Where, in messages: ' in replies' or ''. */
  where: string;
  /** Appended to every position, e.g. ' of the reply'. */
  positionSuffix: string;
}

const BLOCK_HELPERS = new Set(['if', 'unless']);

/** Every problem, each with its line and column. */
export function checkTemplate(program: hbs.AST.Program, vocabulary: TemplateVocabulary): string[] {
  const messages: string[] = [];
  checkProgram(program, vocabulary, messages);
  return messages;
}

function checkProgram(program: hbs.AST.Program, vocabulary: TemplateVocabulary, messages: string[]): void {
  for (const statement of program.body) checkStatement(statement, vocabulary, messages);
}

function checkStatement(statement: hbs.AST.Statement, vocabulary: TemplateVocabulary, messages: string[]): void {
  const at = `line ${statement.loc.start.line}, column ${statement.loc.start.column + 1}${vocabulary.positionSuffix}`;
  const { where, valueHelpers } = vocabulary;
  switch (statement.type) {
    case 'ContentStatement':
    case 'CommentStatement':
      return;
    case 'MustacheStatement': {
      const mustache = statement as hbs.AST.MustacheStatement;
      const [argument, ...rest] = mustache.params;
      if (valueHelpers.size === 0 && (argument !== undefined || mustache.hash !== undefined)) {
        messages.push(`helpers are not supported${where} (${at})`);
      } else if (mustache.hash !== undefined || rest.length > 0) {
        messages.push(`a helper takes exactly one value (${at})`);
      } else if (argument === undefined) {
        checkVariable(mustache.path, vocabulary, messages, at);
      } else if (!valueHelpers.has(helperName(mustache.path))) {
        messages.push(
          `unknown helper "${helperName(mustache.path)}" (${at}); available: ${[...valueHelpers].join(', ')}`,
        );
      } else {
        checkVariable(argument, vocabulary, messages, at);
      }
      return;
    }
    case 'BlockStatement': {
      const block = statement as hbs.AST.BlockStatement;
      const [condition, ...rest] = block.params;
      if (
        !BLOCK_HELPERS.has(helperName(block.path)) ||
        condition === undefined ||
        rest.length > 0 ||
        block.hash !== undefined
      ) {
        messages.push(`only {{#if variable}} and {{#unless variable}} blocks are supported${where} (${at})`);
        return;
      }
      checkVariable(condition, vocabulary, messages, at);
      checkProgram(block.program, vocabulary, messages);
      if (block.inverse) checkProgram(block.inverse, vocabulary, messages);
      return;
    }
    default:
      messages.push(`${statement.type} is not supported${where} (${at})`);
  }
}

function checkVariable(
  expression: hbs.AST.Expression,
  vocabulary: TemplateVocabulary,
  messages: string[],
  at: string,
): void {
  if (expression.type !== 'PathExpression') {
    messages.push(`only variables can be used${vocabulary.where || ' here'} (${at})`);
    return;
  }
  const path = expression as hbs.AST.PathExpression;
  if (path.data || path.depth > 0 || !vocabulary.isVariable(path.parts)) {
    messages.push(`unknown variable {{${path.original}}} (${at}); available: ${vocabulary.available}`);
  }
}

function helperName(expression: hbs.AST.Expression): string {
  return expression.type === 'PathExpression' ? (expression as hbs.AST.PathExpression).original : expression.type;
}
