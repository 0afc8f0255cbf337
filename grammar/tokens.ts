// Tokens of the payload-template language: JSON with `//` comments and `{{placeholder}}` values.
// Three lexer modes: `value` (JSON structure), `string` (inside "..."), `placeholder` (inside {{...}}).
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.ts';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });

// `{{` never starts valid JSON, so it is safe to lex it before `{`; `}}` is only a token inside a placeholder.
export const PlaceholderOpen = createToken({
  name: 'PlaceholderOpen',
  pattern: /\{\{/,
  label: "'{{'",
  push_mode: 'placeholder',
});
export const PlaceholderName = createToken({
  name: 'PlaceholderName',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a placeholder name',
});
export const PlaceholderSpace = createToken({ name: 'PlaceholderSpace', pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const PlaceholderClose = createToken({
  name: 'PlaceholderClose',
  pattern: /\}\}/,
  label: "'}}'",
  pop_mode: true,
});

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/, label: "'['" });
export const RSquare = createToken({ name: 'RSquare', pattern: /\]/, label: "']'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const True = createToken({ name: 'True', pattern: /true/, label: 'true' });
export const False = createToken({ name: 'False', pattern: /false/, label: 'false' });
export const Null = createToken({ name: 'Null', pattern: /null/, label: 'null' });
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/,
  label: 'a number',
});

export const StringStart = createToken({ name: 'StringStart', pattern: /"/, label: "'\"'", push_mode: 'string' });
export const StringEnd = createToken({ name: 'StringEnd', pattern: /"/, label: "closing '\"'", pop_mode: true });
export const StringText = createToken({
  name: 'StringText',
  // Anything but a quote, a backslash, a control character or `{{` (a lone `{` is text): JSON forbids raw
  // control characters in strings, so matching them here is the point.
  // eslint-disable-next-line no-control-regex
  pattern: /(?:[^"\\{\u0000-\u001f]|\{(?!\{))+/,
  label: 'string text',
});
export const EscapeSequence = createToken({
  name: 'EscapeSequence',
  pattern: /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/,
  label: 'an escape sequence',
});

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  PlaceholderOpen,
  PlaceholderName,
  PlaceholderSpace,
  PlaceholderClose,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  Comma,
  Colon,
  True,
  False,
  Null,
  NumberLiteral,
  StringStart,
  StringEnd,
  StringText,
  EscapeSequence,
];

export const templateLexer = new Lexer(
  {
    defaultMode: 'value',
    modes: {
      value: [
        WhiteSpace,
        LineComment,
        PlaceholderOpen,
        LCurly,
        RCurly,
        LSquare,
        RSquare,
        Comma,
        Colon,
        True,
        False,
        Null,
        NumberLiteral,
        StringStart,
      ],
      string: [StringEnd, PlaceholderOpen, EscapeSequence, StringText],
      placeholder: [PlaceholderSpace, PlaceholderName, PlaceholderClose],
    },
  },
  { positionTracking: 'full' },
);
