// The pure grammar of payload templates (no actions): JSON values where a placeholder may stand for a value.
// Meaning (placeholder names, duplicates, kinds) lives in src/template/template-visitor.ts.
import type { CstNode, IParserErrorMessageProvider, ParserMethod, TokenType } from 'chevrotain';
import { CstParser } from './chevrotain.ts';
import {
  allTokens,
  Colon,
  Comma,
  EscapeSequence,
  False,
  LCurly,
  LSquare,
  Null,
  NumberLiteral,
  PlaceholderClose,
  PlaceholderName,
  PlaceholderOpen,
  RCurly,
  RSquare,
  StringEnd,
  StringStart,
  StringText,
  True,
} from './tokens.ts';

const describe = (token: TokenType): string => token.LABEL ?? token.name;

/** Messages say only what was expected; the caller adds where and what was found. */
const expectedOnly: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => describe(expected),
  buildNotAllInputParsedMessage: () => 'the end of the template',
  buildNoViableAltMessage: ({ expectedPathsPerAlt, ruleName }) =>
    ruleName === 'value' ? 'a value' : oneOf(expectedPathsPerAlt.flat().map((path) => path[0])),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => oneOf(expectedIterationPaths.map((path) => path[0])),
};

function oneOf(tokens: Array<TokenType | undefined>): string {
  const labels = [...new Set(tokens.filter((token) => token !== undefined).map(describe))];
  return labels.length <= 1 ? (labels[0] ?? 'something else') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}

export class TemplateParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, errorMessageProvider: expectedOnly, nodeLocationTracking: 'full' });
    this.performSelfAnalysis();
  }

  readonly template = this.RULE('template', () => {
    this.SUBRULE(this.value);
  });

  readonly value: ParserMethod<[], CstNode> = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.object) },
      { ALT: () => this.SUBRULE(this.array) },
      { ALT: () => this.SUBRULE(this.string) },
      { ALT: () => this.SUBRULE(this.placeholder) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Null) },
    ]);
  });

  readonly object = this.RULE('object', () => {
    this.CONSUME(LCurly);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.member) });
    this.CONSUME(RCurly);
  });

  readonly member = this.RULE('member', () => {
    this.SUBRULE(this.string);
    this.CONSUME(Colon);
    this.SUBRULE(this.value);
  });

  readonly array = this.RULE('array', () => {
    this.CONSUME(LSquare);
    this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(RSquare);
  });

  readonly string = this.RULE('string', () => {
    this.CONSUME(StringStart);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(StringText) },
        { ALT: () => this.CONSUME(EscapeSequence) },
        { ALT: () => this.SUBRULE(this.placeholder) },
      ]);
    });
    this.CONSUME(StringEnd);
  });

  readonly placeholder = this.RULE('placeholder', () => {
    this.CONSUME(PlaceholderOpen);
    this.CONSUME(PlaceholderName);
    this.CONSUME(PlaceholderClose);
  });
}

/** The one parser instance: reset with `parser.input = tokens` for every template. */
export const templateParser = new TemplateParser();
