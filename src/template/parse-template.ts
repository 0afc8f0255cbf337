// Text -> CST: lexing, a depth limit checked on the token stream, then the grammar's parser.
// Returns every lexing and syntax problem; never throws on bad input.
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import { EOF } from '../../grammar/chevrotain.ts';
import { LCurly, LSquare, RCurly, RSquare, templateLexer } from '../../grammar/tokens.ts';
import { templateParser } from '../../grammar/template-parser.ts';
import type { TemplateProblem } from './template-problem.ts';

/** Deepest nesting a template may have; extraction recursion follows the template, so this bounds it. */
export const MAX_TEMPLATE_DEPTH = 64;

export interface ParsedTemplate {
  cst: CstNode | undefined;
  problems: TemplateProblem[];
}

export function parseTemplate(text: string): ParsedTemplate {
  const lexed = templateLexer.tokenize(text);
  const problems: TemplateProblem[] = lexed.errors.map((error) =>
    lexingProblem(text, error.offset, error.line, error.column),
  );
  const tooDeep = firstTooDeep(lexed.tokens);
  if (tooDeep !== undefined) {
    problems.push({
      line: tooDeep.startLine ?? 1,
      column: tooDeep.startColumn ?? 1,
      message: `the template nests deeper than ${MAX_TEMPLATE_DEPTH} levels`,
      expected: `at most ${MAX_TEMPLATE_DEPTH} nested objects or arrays`,
      found: `a '${tooDeep.image}' at depth ${MAX_TEMPLATE_DEPTH + 1}`,
    });
    return { cst: undefined, problems };
  }
  templateParser.input = lexed.tokens;
  const cst = templateParser.template();
  for (const error of templateParser.errors) problems.push(syntaxProblem(text, error));
  return { cst, problems };
}

function firstTooDeep(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === LCurly || token.tokenType === LSquare) {
      if (++depth > MAX_TEMPLATE_DEPTH) return token;
    } else if (token.tokenType === RCurly || token.tokenType === RSquare) {
      depth--;
    }
  }
  return undefined;
}

function lexingProblem(
  text: string,
  offset: number,
  line: number | undefined,
  column: number | undefined,
): TemplateProblem {
  const char = text[offset] ?? '';
  const where = { line: line ?? 1, column: column ?? 1 };
  if (char === '\n' || char === '\r') {
    return {
      ...where,
      message: 'unterminated string: a string must close on the line it opens',
      expected: "closing '\"'",
      found: 'end of line',
    };
  }
  if (char === '\\') {
    return {
      ...where,
      message: 'invalid escape sequence in a string',
      expected: 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
      found: JSON.stringify(text.slice(offset, offset + 2)),
    };
  }
  if (char < ' ') {
    return {
      ...where,
      message: 'control character in a string: write it as an escape such as \\t',
      expected: 'a printable character',
      found: JSON.stringify(char),
    };
  }
  return {
    ...where,
    message: `unexpected character ${JSON.stringify(char)}`,
    expected: 'JSON text, a {{placeholder}} or a // comment',
    found: JSON.stringify(char),
  };
}

function syntaxProblem(text: string, error: IRecognitionException): TemplateProblem {
  const token = error.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  const where = atEnd ? endOf(text) : { line: token.startLine ?? 1, column: token.startColumn ?? 1 };
  const found = atEnd ? 'the end of the template' : `'${token.image}'`;
  const expected = error.message;
  return { ...where, message: `expected ${expected}, found ${found}`, expected, found };
}

function endOf(text: string): { line: number; column: number } {
  const lines = text.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
