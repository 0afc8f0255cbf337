// Replays a webhook's stored inbound texts through proposed rules and reports what would differ: the count per
// old category -> new category, the consent effects that would change, and a few examples of each. Reads the
// store page by page and keeps only counts, a bounded memo and at most EXAMPLES_PER_TRANSITION examples per
// transition, so memory stays bounded whatever the history's size. Writes nothing.
import type { ConsentEffect } from '../consent/transition.ts';
import { NO_CONSENT_KEYWORD } from '../consent/transition.ts';
import type { Classifier } from '../keywords/classifier.ts';
import type { InboundSample, Store } from '../store/store.ts';
import { maskText } from './masked-text.ts';

export const EXAMPLES_PER_TRANSITION = 20;
const PAGE_SIZE = 1000;
/** Texts repeat (STOP, YES, HELP): each distinct text is classified once, remembered up to this many characters. */
const MEMO_CHARACTERS = 4_000_000;
/** An example shown with its text keeps at most this many characters of it (a callback may carry 256 KiB). */
const EXAMPLE_CHARACTERS = 1000;

export interface SimulationExample {
  requestId: string;
  eventTime: string;
  text: string; // masked unless asked for
  rule: string; // the proposed rules' rule that decided it
}

export interface SimulationTransition {
  from: string;
  to: string;
  count: number;
  examples: SimulationExample[];
}

export interface SimulationReport {
  webhookId: string;
  events: number; // texts replayed (binary and media-only events have none)
  changed: number; // of which the category would change
  transitions: SimulationTransition[];
  /** Consent effects (opt-out, opt-in, double-opt-in, none) that would differ, for events that have a consent. */
  consentEffects: SimulationTransition[];
}

export interface SimulationOptions {
  webhookId: string;
  since?: string;
  limit?: number; // at most this many events are read
  showText?: boolean;
  /** Told after each page: events read so far. */
  onProgress?: (read: number) => void;
}

interface Outcome {
  category: string;
  effect: ConsentEffect | null;
  rule: string;
}

const NONE = 'none';

export async function simulateRules(
  store: Pick<Store, 'inboundPage'>,
  classifier: Pick<Classifier, 'classify'>,
  options: SimulationOptions,
): Promise<SimulationReport> {
  const memo = new BoundedMemo();
  const transitions = new Map<string, SimulationTransition>();
  const effects = new Map<string, SimulationTransition>();
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let read = 0;
  let events = 0;
  let changed = 0;
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<Store['inboundPage']>> = await store.inboundPage({
      webhookId: options.webhookId,
      ...(options.since === undefined ? {} : { since: options.since }),
      after,
      limit: Math.min(PAGE_SIZE, limit - read),
    });
    after = page.next;
    read += page.events.length;
    const outcomes = await classifyPage(page.events, classifier, memo);
    for (const [index, sample] of page.events.entries()) {
      const outcome = outcomes[index];
      if (sample.text === null || outcome === undefined) continue;
      events += 1;
      const from = sample.category ?? NONE;
      if (from !== outcome.category) changed += 1;
      const example = () => exampleOf(sample, sample.text ?? '', outcome.rule, options.showText === true);
      count(transitions, from, outcome.category, example);
      if (sample.consentReason !== null) {
        const before = storedEffect(sample) ?? NONE;
        const proposed = outcome.effect ?? NONE;
        if (before !== proposed) count(effects, before, proposed, example);
      }
    }
    options.onProgress?.(read);
  } while (after !== null && read < limit);
  return {
    webhookId: options.webhookId,
    events,
    changed,
    transitions: sorted(transitions),
    consentEffects: sorted(effects),
  };
}

/** Each distinct text of the page classified once (and remembered), concurrently: the classifier is safe so. */
async function classifyPage(
  samples: readonly InboundSample[],
  classifier: Pick<Classifier, 'classify'>,
  memo: BoundedMemo,
): Promise<Array<Outcome | undefined>> {
  const pending = new Map<string, Promise<Outcome>>();
  for (const { text } of samples) {
    if (text === null || memo.has(text) || pending.has(text)) continue;
    pending.set(
      text,
      classifier.classify(text).then(({ category, effect, rule }) => ({ category, effect, rule })),
    );
  }
  const resolved = new Map<string, Outcome>();
  for (const [text, outcome] of pending) resolved.set(text, await outcome);
  const outcomes = samples.map(({ text }) => (text === null ? undefined : (memo.get(text) ?? resolved.get(text))));
  for (const [text, outcome] of resolved) memo.set(text, outcome);
  return outcomes;
}

/** Outcomes by text, emptied whenever the texts it holds would pass MEMO_CHARACTERS in all. */
class BoundedMemo {
  private readonly outcomes = new Map<string, Outcome>();
  private characters = 0;

  has(text: string): boolean {
    return this.outcomes.has(text);
  }

  get(text: string): Outcome | undefined {
    return this.outcomes.get(text);
  }

  set(text: string, outcome: Outcome): void {
    if (text.length > MEMO_CHARACTERS) return;
    if (this.characters + text.length > MEMO_CHARACTERS) {
      this.outcomes.clear();
      this.characters = 0;
    }
    this.outcomes.set(text, outcome);
    this.characters += text.length;
  }
}

/** The consent change the stored decision asked for (a reviewer's later opt-out is not the rules'). */
function storedEffect(sample: InboundSample): ConsentEffect | null {
  switch (sample.category) {
    case 'opt-out':
    case 'opt-in':
    case 'double-opt-in':
      return sample.category;
    case 'fuzzy-opt-out':
      return sample.reviewed || sample.consentReason === NO_CONSENT_KEYWORD ? null : 'opt-out';
    default:
      return null;
  }
}

function count(
  into: Map<string, SimulationTransition>,
  from: string,
  to: string,
  example: () => SimulationExample,
): void {
  const key = `${from}\u0000${to}`;
  let transition = into.get(key);
  if (transition === undefined) {
    transition = { from, to, count: 0, examples: [] };
    into.set(key, transition);
  }
  transition.count += 1;
  if (transition.examples.length < EXAMPLES_PER_TRANSITION) transition.examples.push(example());
}

function exampleOf(sample: InboundSample, text: string, rule: string, showText: boolean): SimulationExample {
  const shown = text.length > EXAMPLE_CHARACTERS ? `${text.slice(0, EXAMPLE_CHARACTERS)}…` : text;
  return { requestId: sample.requestId, eventTime: sample.eventTime, text: showText ? shown : maskText(text), rule };
}

/** Changed transitions first, then by count, largest first. */
function sorted(transitions: Map<string, SimulationTransition>): SimulationTransition[] {
  return [...transitions.values()].sort(
    (a, b) => Number(a.from === a.to) - Number(b.from === b.to) || b.count - a.count || a.from.localeCompare(b.from),
  );
}
