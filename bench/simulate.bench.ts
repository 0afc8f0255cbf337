// Rule simulation throughput on one core: 1,000,000 stored events of one webhook (the phrase corpus's texts
// repeated, plus 30% unique free text) replayed through proposed rules, then a history of texts that are all
// unique (no memoised evaluation helps). Seeds an embedded store in a temporary directory with one transaction
// of direct inserts (the store's own schema, opened first), which is far faster than a million callbacks.
// Run: npm run bench:simulate [-- EVENTS [UNIQUE_EVENTS]]. Figures are printed, never asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NO_CONSENT_KEYWORD } from '../src/consent/transition.ts';
import { createClassifier } from '../src/keywords/classifier.ts';
import { DEFAULT_KEYWORDS } from '../src/keywords/default-keywords.ts';
import type { KeywordConfig } from '../src/keywords/keyword-config.ts';
import { simulateRules } from '../src/simulation/simulate-rules.ts';
import { openSqliteStore, SQLITE_FILE_NAME } from '../src/store/sqlite/sqlite-store.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const UNIQUE_EVENTS = Number(process.argv[3] ?? 200_000);
const UNIQUE_SHARE = 0.3;

const phrases = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', 'test', 'corpus', 'phrases', 'phrases.json'), 'utf8'),
  ) as Array<{
    text: string;
  }>
).map((entry) => entry.text);

const current: KeywordConfig = {
  keywords: { ...DEFAULT_KEYWORDS, 'double-opt-in': ['join'], custom: ['promo'] },
  fuzzy: { enabled: true, action: 'reply' },
};
/** The proposed change: one more opt-out keyword, and near-misses opt out rather than only reply. */
const proposed: KeywordConfig = {
  keywords: { ...current.keywords, 'opt-out': [...(current.keywords['opt-out'] ?? []), 'halt'] },
  fuzzy: { enabled: true, action: 'opt-out' },
};

/** Free text that matches no keyword and never repeats: a few words and a serial. */
function freeText(serial: number): string {
  const words = ['where', 'is', 'my', 'parcel', 'thanks', 'see', 'you', 'tomorrow', 'at', 'the', 'shop'];
  return `${words[serial % 11]} ${words[(serial >> 3) % 11]} ${words[(serial >> 5) % 11]} order ${serial}`;
}

async function seed(dir: string, webhookId: string, count: number, textOf: (index: number) => string): Promise<void> {
  const old = createClassifier(current);
  const categories = new Map<string, string>();
  const db = new Database(join(dir, SQLITE_FILE_NAME));
  const insert = db.prepare(
    `INSERT INTO events (webhook_id, request_id, profile_number, sender_number, record, consent_before, consent_after,
       consent_changed, consent_reason, consent_version, outbox_id, event_time, custom_keyword)
     VALUES (?, ?, ?, ?, ?, NULL, NULL, 0, ?, NULL, NULL, ?, 0)`,
  );
  // The stored decision of each distinct corpus text, from the current rules; free text is 'default'.
  for (const text of phrases) categories.set(text, (await old.classify(text)).category);
  db.transaction(() => {
    for (let index = 0; index < count; index += 1) {
      const text = textOf(index);
      const category = categories.get(text) ?? 'default';
      const profileNumber = `+1202555${String(index % 10_000).padStart(4, '0')}`;
      const at = new Date(Date.UTC(2024, 0, 1) + index * 1000).toISOString();
      const record = {
        webhookId,
        requestId: `r-${index}`,
        receivedAt: at,
        eventTime: at,
        rawBody: JSON.stringify({
          type: 'mo_text',
          id: `r-${index}`,
          from: profileNumber.slice(1),
          to: '15550100',
          body: text,
        }),
        event: {
          requestId: `r-${index}`,
          inboundMessage: text,
          normalized: { profileNumber, inboundNumber: '+15550100' },
        },
        category,
        keyword: null,
        explanation: {
          normalized: text.toLowerCase(),
          rule: category === 'default' ? 'none' : 'exact',
          conditions: [],
        },
        customKeyword: false,
        binary: false,
        ruleRevision: { id: webhookId, version: '1', contentHash: 'bench' },
        consentKey: { senderNumber: '+15550100', profileNumber },
        reply: null,
      };
      const reason = ['opt-out', 'opt-in', 'double-opt-in'].includes(category)
        ? 'opt-out wins from any state'
        : NO_CONSENT_KEYWORD;
      insert.run(webhookId, `r-${index}`, profileNumber, '+15550100', JSON.stringify(record), reason, at);
    }
  })();
  db.close();
}

async function run(dir: string, webhookId: string, count: number) {
  const store = await openSqliteStore({ dir, synchronous: 'NORMAL' });
  try {
    const classifier = createClassifier(proposed);
    const start = performance.now();
    const cpu = process.cpuUsage();
    const report = await simulateRules(store, classifier, { webhookId });
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    if (report.events !== count) throw new Error(`replayed ${report.events} events, expected ${count}`);
    const effects = report.consentEffects.reduce((sum, each) => sum + each.count, 0);
    return { perSecond: count / seconds, perCpuSecond: count / cpuSeconds, changed: report.changed, effects };
  } finally {
    await store.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'optline-bench-simulate-'));
try {
  await (await openSqliteStore({ dir })).close(); // the schema
  const seeding = performance.now();
  await seed(dir, 'mix', EVENTS, (index) =>
    index % 10 < UNIQUE_SHARE * 10 ? freeText(index) : (phrases[index % phrases.length] ?? ''),
  );
  await seed(dir, 'unique', UNIQUE_EVENTS, (index) => freeText(index + EVENTS));
  const seeded = (performance.now() - seeding) / 1000;
  const mix = await run(dir, 'mix', EVENTS);
  const unique = await run(dir, 'unique', UNIQUE_EVENTS);
  // Wall time on a shared machine counts other processes' turns; CPU time is this process's own (one thread).
  const format = (figures: { perSecond: number; perCpuSecond: number }) =>
    `${Math.round(figures.perSecond).toLocaleString('en-US')} events/s wall, ${Math.round(figures.perCpuSecond).toLocaleString('en-US')} events per CPU-second`;
  process.stdout.write(
    [
      `seeded ${(EVENTS + UNIQUE_EVENTS).toLocaleString('en-US')} events in ${seeded.toFixed(1)} s (one transaction)`,
      `simulate, ${EVENTS.toLocaleString('en-US')} events (corpus texts repeated + ${UNIQUE_SHARE * 100}% unique free text): ${format(mix)} (${mix.changed.toLocaleString('en-US')} change category, ${mix.effects.toLocaleString('en-US')} consent effect)`,
      `simulate, ${UNIQUE_EVENTS.toLocaleString('en-US')} events, every text unique:                     ${format(unique)}`,
      '(embedded store, one process, one core; proposed rules: one more opt-out keyword, near-misses opt out)',
    ].join('\n') + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
