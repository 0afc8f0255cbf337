// `optline reviews` (the open review items) and `optline simulate` (proposed rules replayed on stored traffic).
// Both read the store the service uses (OPTLINE_DATA or MONGODB_URI); neither writes to it.
// Exit codes: 0 success, 2 bad usage or an invalid rule file (its problems as file:line:column).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import type { Classifier } from '../keywords/classifier.ts';
import { loadRuleFile } from '../rules/load-rule-file.ts';
import { formatProblem } from '../rules/problem.ts';
import { RuleFileError } from '../rules/rule-file-error.ts';
import { simulateRules, type SimulationReport, type SimulationTransition } from '../simulation/simulate-rules.ts';
import { openStore } from '../store/open-store.ts';
import { isoTime } from '../store/query-time.ts';
import type { Store } from '../store/store.ts';
import { maskNumber } from '../webhooks/texted-number.ts';
import { EXIT_USAGE, type CliIo } from './cli-io.ts';

const PROGRESS_WIDTH = 30;

export function registerReviewCommands(program: Command, io: CliIo): void {
  program
    .command('reviews')
    .description(
      'list the open review items: fuzzy opt-outs that did not opt the person out (decide them through the API)',
    )
    .option('--webhook <id>', 'only this webhook')
    .option('--since <date>', 'only items opened at or after this ISO-8601 date')
    .option('--limit <n>', 'at most this many items (default 100)')
    .action(async (options: { webhook?: string; since?: string; limit?: string }) => {
      const since = sinceOf(options.since, 'reviews', io);
      const limit = positive(options.limit, 'reviews', io);
      if (since === null || limit === null) return;
      await withStore('reviews', io, async (store) => {
        const items = await store.listReviews({
          state: 'open',
          ...(options.webhook ? { webhookId: options.webhook } : {}),
          ...(since ? { since } : {}),
          limit: limit ?? 100,
        });
        for (const item of items) {
          const consent = await store.consent(item.consentKey);
          const later = consent.changedAt !== null && consent.changedAt > item.eventTime;
          io.out(
            `${item.id}  ${item.receivedAt}  ${item.webhookId}  ${maskNumber(item.consentKey.profileNumber)}  ${item.rule}  ${JSON.stringify(item.text)}  consent ${consent.state}${later ? ' (changed since)' : ''}\n`,
          );
        }
        io.out(`${items.length} open review item(s)\n`);
      });
    });

  program
    .command('simulate')
    .description(
      "replay a webhook's stored inbound texts through proposed rules and report what would change; writes nothing",
    )
    .requiredOption('--webhook <id>', 'the webhook whose stored events are replayed')
    .requiredOption('--rules <file>', 'the proposed rule file (*.webhook.json)')
    .option('--since <date>', 'only events at or after this ISO-8601 date')
    .option('--limit <n>', 'at most this many events')
    .option('--json', 'print the report as JSON')
    .option('--show-text', 'show the example texts (masked by default)')
    .action(
      async (options: {
        webhook: string;
        rules: string;
        since?: string;
        limit?: string;
        json?: boolean;
        showText?: boolean;
      }) => {
        const since = sinceOf(options.since, 'simulate', io);
        const limit = positive(options.limit, 'simulate', io);
        if (since === null || limit === null) return;
        const classifier = await proposedClassifier(options.rules, io);
        if (classifier === null) return;
        await withStore('simulate', io, async (store) => {
          const query = { webhookId: options.webhook, ...(since ? { since } : {}) };
          const progress = io.errIsTerminal
            ? progressBar(io, Math.min(await store.countInbound(query), limit ?? Infinity))
            : null;
          const report = await simulateRules(store, classifier, {
            ...query,
            ...(limit ? { limit } : {}),
            showText: options.showText === true,
            ...(progress ? { onProgress: progress.update } : {}),
          });
          progress?.done();
          io.out(options.json ? `${JSON.stringify(report)}\n` : formatReport(report));
        });
      },
    );
}

/** The proposed rule file, validated as the service loads one; its problems are printed as file:line:column. */
async function proposedClassifier(file: string, io: CliIo): Promise<Pick<Classifier, 'classify'> | null> {
  if (!existsSync(file)) return usage(io, 'simulate', `no such rule file: ${file}`);
  try {
    const definition = await loadRuleFile(file);
    if (definition.classifier === null)
      return usage(io, 'simulate', `${file} is a feedback webhook: it has no keywords`);
    return definition.classifier;
  } catch (error) {
    if (!(error instanceof RuleFileError)) throw error;
    for (const problem of error.problems) io.err(`${formatProblem(problem)}\n`);
    io.exitCode = EXIT_USAGE;
    return null;
  }
}

async function withStore(command: string, io: CliIo, run: (store: Store) => Promise<void>): Promise<void> {
  let store: Store;
  try {
    store = await openStore(loadConfig(io.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    usage(io, command, error.message);
    return;
  }
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

function formatReport(report: SimulationReport): string {
  const lines = [
    `webhook ${report.webhookId}: ${report.events} stored text(s) replayed, ${report.changed} would change category`,
    'category (stored -> proposed):',
    ...report.transitions.flatMap((transition) => transitionLines(transition)),
    report.consentEffects.length === 0 ? 'consent effects: none would differ' : 'consent effects that would differ:',
    ...report.consentEffects.flatMap((transition) => transitionLines(transition)),
  ];
  return `${lines.join('\n')}\n`;
}

function transitionLines(transition: SimulationTransition): string[] {
  const same = transition.from === transition.to;
  return [
    `  ${transition.from} -> ${transition.to}: ${transition.count}${same ? ' (unchanged)' : ''}`,
    ...(same
      ? []
      : transition.examples.map(
          (example) => `      ${example.requestId}  ${example.eventTime}  ${example.rule}  ${example.text}`,
        )),
  ];
}

/** A bar on standard error, redrawn in place; only when it is a terminal. */
function progressBar(io: CliIo, total: number): { update(read: number): void; done(): void } {
  const started = Date.now();
  return {
    update(read) {
      const share = total === 0 ? 1 : Math.min(1, read / total);
      const filled = Math.round(share * PROGRESS_WIDTH);
      const rate = Math.round(read / Math.max(0.001, (Date.now() - started) / 1000));
      io.err(`\r[${'#'.repeat(filled)}${'-'.repeat(PROGRESS_WIDTH - filled)}] ${read}/${total} events, ${rate}/s`);
    },
    done() {
      io.err('\n');
    },
  };
}

function sinceOf(text: string | undefined, command: string, io: CliIo): string | undefined | null {
  if (text === undefined) return undefined;
  try {
    return isoTime(text, '--since');
  } catch {
    return usage(io, command, `--since must be an ISO-8601 date or date-time, not ${JSON.stringify(text)}`);
  }
}

function positive(text: string | undefined, command: string, io: CliIo): number | undefined | null {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    return usage(io, command, `--limit must be a positive integer, not ${JSON.stringify(text)}`);
  return value;
}

function usage(io: CliIo, command: string, message: string): null {
  io.err(`optline ${command}: ${message}\n`);
  io.exitCode = EXIT_USAGE;
  return null;
}
