// Warnings a compliance reviewer must see in a rule file that loads: missing US carrier / FCC / Canadian
// keywords, the revocation-phrase tier turned off, NO as an opt-out keyword, replies longer than one SMS segment,
// an empty Help reply.
import { basename } from 'node:path';
import type { KeywordCategory } from '../keywords/categories.ts';
import { normalizeText } from '../keywords/normalize.ts';
import { JsonLocator } from './json-locator.ts';
import { RULE_FILE_SUFFIX } from './load-rule-file.ts';
import type { Problem } from './problem.ts';
import { BUILT_IN_VARIABLES, compileReply } from './reply-template.ts';
import { resolveKeywords } from './resolve-keywords.ts';
import type { RuleFileDocument } from './rule-file-document.ts';
import { smsLength } from './sms-segments.ts';
import type { WebhookDefinition } from './webhook-definition.ts';

const US_CARRIER_OPT_OUT = ['stop', 'end', 'cancel', 'unsubscribe', 'quit'];
const FCC_REVOCATION = ['revoke', 'optout', 'stopall'];
/** The longest possible E.164 number, to size replies that print {{profileNumber}}. */
const LONGEST_PROFILE_NUMBER = '+123456789012345';

export function lintDefinition(definition: WebhookDefinition, text: string, file: string): Problem[] {
  const locator = new JsonLocator(text);
  const problems: Problem[] = [];
  const warn = (pointer: string, message: string): void => {
    problems.push({ file, pointer, ...locator.locate(pointer), message, severity: 'warning' });
  };
  if (basename(file) !== `${definition.id}${RULE_FILE_SUFFIX}`) {
    warn('/id', `the file should be named ${definition.id}${RULE_FILE_SUFFIX} after its id`);
  }
  if (definition.classifier === null) return problems;

  const document = definition.raw as RuleFileDocument;
  const resolved = resolveKeywords(document);
  const normalized = (category: KeywordCategory): string[] =>
    (resolved.config.keywords[category] ?? []).map(normalizeText);
  const optOut = new Set(normalized('opt-out'));
  const help = new Set(normalized('help'));
  const optIn = new Set(normalized('opt-in'));
  const fuzzyOn = resolved.config.fuzzy.enabled;

  const missingCarrier = US_CARRIER_OPT_OUT.filter((word) => !optOut.has(word));
  if (missingCarrier.length > 0) {
    warn(resolved.listPointers['opt-out'], `opt-out keywords lack the US carrier keyword(s) ${upper(missingCarrier)}`);
  }
  if (!help.has('help')) warn(resolved.listPointers.help, 'help keywords lack HELP, which US carriers require');
  const missingFcc = FCC_REVOCATION.filter((word) => !optOut.has(word));
  if (missingFcc.length > 0) {
    const outcome = fuzzyOn
      ? 'they only get the fuzzy reply and nobody is opted out'
      : 'they are ignored (fuzzy opt-out is off)';
    warn(
      resolved.listPointers['opt-out'],
      `opt-out keywords lack the FCC revocation word(s) ${upper(missingFcc)}: ${outcome}`,
    );
  }
  const phrasesOff = resolved.config.fuzzy.phrases?.length === 0;
  if (!fuzzyOn || phrasesOff) {
    warn(
      fuzzyOn ? '/keywords/optOut/fuzzy/phrases' : '/keywords/optOut/fuzzy/enabled',
      `the revocation-phrase tier (F4) is off${fuzzyOn ? '' : ' with fuzzy opt-out'}: revocations in people's own words ("leave me alone", "wrong number") get the default reply, while the FCC lets consent be revoked by any reasonable means`,
    );
  }
  if (!optIn.has('start'))
    warn(
      resolved.listPointers['opt-in'],
      'START is not an opt-in keyword: US carriers and subscribers use it to opt back in',
    );
  if (!optOut.has('arret'))
    warn(resolved.listPointers['opt-out'], 'opt-out keywords lack ARRET, required for Canadian (CWTA) numbers');
  if (!help.has('aide'))
    warn(resolved.listPointers.help, 'help keywords lack AIDE, required for Canadian (CWTA) numbers');

  (resolved.config.keywords['opt-out'] ?? []).forEach((keyword, index) => {
    if (normalizeText(keyword) === 'no') {
      warn(
        resolved.keywordPointers['opt-out'][index] ?? resolved.listPointers['opt-out'],
        `"${keyword}" as an opt-out keyword opts out everyone who answers a question with a plain "no"`,
      );
    }
  });

  const longestKeyword = [...optOut, ...optIn, ...help, ...normalized('double-opt-in'), ...normalized('custom')].reduce(
    (longest, keyword) => (keyword.length > longest.length ? keyword : longest),
    '',
  );
  const variables = document.variables ?? {};
  const known = new Set([...Object.keys(variables), ...BUILT_IN_VARIABLES]);
  for (const reply of resolved.replies) {
    if (reply.category === 'help' && reply.text === null && help.size > 0) {
      warn(
        reply.pointer,
        'the Help reply is empty: carriers require HELP to answer with the program name and how to opt out',
      );
    }
    if (reply.text === null) continue;
    const compiled = compileReply(reply.text, known);
    if (!compiled.ok) continue;
    const sample = compiled.render({
      ...variables,
      keyword: longestKeyword,
      senderNumber: definition.senderNumber ?? '', // a webhook with replies always has one
      profileNumber: LONGEST_PROFILE_NUMBER,
    });
    const length = smsLength(sample);
    if (length.segments > 1) {
      const where = reply.isDefault ? ` (the default ${reply.category} reply)` : '';
      warn(
        reply.pointer,
        `reply${where} is ${length.units} ${length.encoding} characters, over one SMS segment (${length.singleLimit}): it is sent as ${length.segments} segments`,
      );
    }
  }
  return problems;
}

function upper(words: string[]): string {
  return words.map((word) => word.toUpperCase()).join(', ');
}
