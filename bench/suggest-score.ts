// The score of `optline template suggest` on the provider corpus: for every inbound and feedback payload of
// test/corpus/payloads/expected.json, propose a template from the payload alone, compile it as a Custom
// template, extract the payload with it and compare with the expected values. Shared by
// bench/suggest.bench.ts (which prints it) and test/template/suggest-score.test.ts (which holds it to that print).
import type { Extraction, FeedbackEvent, InboundEvent } from '../src/events.ts';
import { compileTemplate, extractOrMismatch } from '../src/template/compile-template.ts';
import type { PayloadMismatch } from '../src/template/payload-mismatch.ts';
import { suggestTemplate } from '../src/template/suggest/suggest-template.ts';
import { parseJsonBody } from '../src/json/parse-json-body.ts';
import { EXPECTED, readPayloadText, type ExpectedEvent, type ExpectedFile } from '../test/template/expected-corpus.ts';

/**
 * Providers kept out of the tuning, chosen before the heuristic was written: their payload bodies were not
 * read while the scorers were tuned on the others (sinch-sms, sinch-conversation, vonage-sms).
 */
export const HELD_OUT_PROVIDERS: readonly string[] = ['infobip', 'telnyx'];

export interface SuggestionOutcome {
  file: string;
  provider: string;
  kind: 'inbound' | 'feedback';
  heldOut: boolean;
  template: string;
  /** A compile error, a mismatch of the sample, or each field that differs from expected.json. */
  problems: string[];
  /** The template compiled and extracted the sample, whatever the values. */
  extracted: boolean;
}

export interface SuggestScore {
  outcomes: SuggestionOutcome[];
}

const INBOUND_FIELDS = ['inboundMessage', 'profileNumber', 'requestId', 'originTimestamp', 'inboundNumber'] as const;

/** The payload files the suggestion is measured on: every inbound and feedback body of expected.json. */
export function measuredFiles(): [string, ExpectedFile & { kind: 'inbound' | 'feedback' }][] {
  return Object.entries(EXPECTED).flatMap(([file, expected]) =>
    expected.kind === 'inbound' || expected.kind === 'feedback' ? [[file, { ...expected, kind: expected.kind }]] : [],
  );
}

export function scoreSuggestions(): SuggestScore {
  return {
    outcomes: measuredFiles().map(([file, expected]) => {
      const payload = parseJsonBody(readPayloadText(file));
      const template = suggestTemplate(payload, expected.kind, file).text;
      const base = { file, provider: expected.provider, kind: expected.kind, template };
      const heldOut = HELD_OUT_PROVIDERS.includes(expected.provider);
      let extraction: Extraction | PayloadMismatch;
      try {
        extraction = extractOrMismatch(compileTemplate(template, { kind: expected.kind, source: file }), payload);
      } catch (error) {
        return { ...base, heldOut, extracted: false, problems: [`does not compile: ${String(error)}`] };
      }
      if (extraction.kind === 'mismatch') {
        return {
          ...base,
          heldOut,
          extracted: false,
          problems: [`mismatch at ${extraction.path}: ${extraction.message}`],
        };
      }
      return { ...base, heldOut, extracted: true, problems: differences(extraction, expected) };
    }),
  };
}

/**
 * Every field of the extraction that differs from expected.json, as test/template/corpus.test.ts compares a
 * Custom template's: the five inbound fields, their E.164 forms and a client reference the file expects; for
 * feedback the client reference and each status's code and status. Not compared: `final`, which Optline's
 * Custom status table decides, not the template (a Sinch "Aborted" is final in Sinch's table, unknown in the
 * Custom one), and the binary flag, which only a native vendor sets.
 */
export function differences(extraction: Extraction, expected: ExpectedFile): string[] {
  if (extraction.kind !== expected.kind) return [`kind ${extraction.kind}, expected ${expected.kind}`];
  if (extraction.events.length !== expected.events.length) {
    return [`${extraction.events.length} events, expected ${expected.events.length}`];
  }
  return expected.events.flatMap((event, i) => {
    const actual = extraction.events[i];
    const found =
      extraction.kind === 'inbound'
        ? inboundDifferences(actual as InboundEvent, event)
        : feedbackDifferences(actual as FeedbackEvent, event);
    return found.map((difference) => `event ${i}: ${difference}`);
  });
}

function inboundDifferences(actual: InboundEvent, expected: ExpectedEvent): string[] {
  const pairs: [string, unknown, unknown][] = INBOUND_FIELDS.map((field) => [field, actual[field], expected[field]]);
  pairs.push(['profileNumberE164', actual.normalized.profileNumber, expected.profileNumberE164]);
  pairs.push(['inboundNumberE164', actual.normalized.inboundNumber, expected.inboundNumberE164]);
  if ('clientReference' in expected) pairs.push(['clientReference', actual.clientReference, expected.clientReference]);
  return unequal(pairs);
}

function feedbackDifferences(actual: FeedbackEvent, expected: ExpectedEvent): string[] {
  const pairs: [string, unknown, unknown][] = [['clientReference', actual.clientReference, expected.clientReference]];
  const statuses = (list: { code: unknown; status: unknown }[]) => list.map(({ code, status }) => ({ code, status }));
  pairs.push(['statuses', statuses(actual.statuses), statuses(expected.statuses ?? [])]);
  return unequal(pairs);
}

function unequal(pairs: [string, unknown, unknown][]): string[] {
  return pairs.flatMap(([field, actual, expected]) =>
    JSON.stringify(actual) === JSON.stringify(expected)
      ? []
      : [`${field} ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`],
  );
}

/** "17/18 (94%)" */
function fraction(outcomes: SuggestionOutcome[]): string {
  const exact = outcomes.filter((outcome) => outcome.extracted && outcome.problems.length === 0).length;
  const percent = outcomes.length === 0 ? 0 : Math.round((100 * exact) / outcomes.length);
  return `${exact}/${outcomes.length} (${percent}%)`;
}

/** What `npm run bench:suggest` prints: one line per payload, then the scores. */
export function formatScore(score: SuggestScore): string {
  const lines = score.outcomes.map(
    (outcome) =>
      `${outcome.problems.length === 0 ? 'exact' : 'MISS '} ${outcome.heldOut ? '(held out) ' : ''}${outcome.file}` +
      outcome.problems.map((problem) => `\n        ${problem}`).join(''),
  );
  const tuned = score.outcomes.filter((outcome) => !outcome.heldOut);
  const heldOut = score.outcomes.filter((outcome) => outcome.heldOut);
  lines.push(
    '',
    `proposals that extract exactly the expected fields: ${fraction(score.outcomes)}`,
    `  tuned on (${[...new Set(tuned.map((outcome) => outcome.provider))].join(', ')}): ${fraction(tuned)}`,
    `  held out (${HELD_OUT_PROVIDERS.join(', ')}): ${fraction(heldOut)}`,
  );
  return `${lines.join('\n')}\n`;
}
