// A decision written out for people (`optline explain`).
import type { Decision } from './decision.ts';

export function formatExplanation(decision: Decision): string {
  const { explanation } = decision;
  const lines = [
    `text:        ${JSON.stringify(decision.text)}`,
    `normalized:  ${JSON.stringify(explanation.normalized)}${explanation.normalized === '' ? ' (nothing left: emoji, spaces or punctuation only)' : ''}`,
    `tokens:      ${explanation.tokens.length === 0 ? '(none)' : explanation.tokens.join(' | ')}`,
    `category:    ${decision.category}`,
    `rule:        ${decision.rule} (${describeRule(decision.rule)})`,
    `keyword:     ${decision.keyword ?? '(none)'}`,
  ];
  if (explanation.nearMiss !== undefined) {
    const { token, keyword, edit } = explanation.nearMiss;
    lines.push(`near-miss:   "${token}" ~ "${keyword}" by ${edit}`);
  }
  if (explanation.phrase !== undefined) {
    const { phrase, words, score } = explanation.phrase;
    lines.push(`phrase:      "${words}" ~ "${phrase}", score ${score} (0 = as written)`);
  }
  lines.push(`consent:     ${decision.effect ?? 'unchanged'}`);
  lines.push(`reply:       ${decision.reply === null ? '(none)' : JSON.stringify(decision.reply)}`);
  lines.push('rules evaluated (json-rules-engine):');
  for (const result of Array.isArray(explanation.conditions) ? explanation.conditions : [])
    lines.push(...describeResult(result));
  return lines.join('\n');
}

function describeRule(rule: string): string {
  if (rule === 'exact') return 'the whole normalised message is a configured keyword';
  if (rule === 'empty') return 'nothing left after normalisation';
  if (rule === 'none') return 'no rule matched: default reply';
  if (rule.startsWith('F0')) return 'a regulatory opt-out term that is not configured';
  if (rule.startsWith('F1')) return 'the message with its spaces removed is, or nearly is, an opt-out term';
  if (rule.startsWith('F2-phrase')) return 'the message contains an opt-out phrase';
  if (rule.startsWith('F2')) return 'a word of the message is, or nearly is, an opt-out term';
  if (rule.startsWith('F3')) return 'a short reply led by a short opt-out word';
  if (rule.startsWith('F4')) return 'the message holds, nearly as written, a revocation phrase';
  return 'see rules/README.md';
}

function describeResult(result: unknown): string[] {
  if (typeof result !== 'object' || result === null) return [];
  const record = result as { name?: unknown; result?: unknown; conditions?: unknown };
  const lines = [`  ${String(record.name)}: ${record.result === true ? 'fired' : 'did not fire'}`];
  const top = record.conditions as { all?: unknown; any?: unknown } | undefined;
  const leaves = top?.all ?? top?.any;
  for (const leaf of Array.isArray(leaves) ? leaves : []) {
    const condition = leaf as { name?: unknown; operator?: unknown; result?: unknown };
    const outcome = condition.result === undefined ? 'not evaluated' : condition.result === true ? 'true' : 'false';
    lines.push(`    ${String(condition.name)} (${String(condition.operator)}): ${outcome}`);
  }
  return lines;
}
