// `optline classify`, `explain`, `check` and `rules compile` (keyword rules).
// Exit codes: 0 success, 1 a finding (invalid rule file, failing case), 2 bad usage or unreadable input.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { checkConfiguration } from '../admin/configuration-check.ts';
import type { Classifier } from '../keywords/classifier.ts';
import type { Decision } from '../keywords/decision.ts';
import { formatExplanation } from '../keywords/explain.ts';
import { loadRuleFile } from '../rules/load-rule-file.ts';
import { formatProblem } from '../rules/problem.ts';
import { RuleFileError } from '../rules/rule-file-error.ts';
import { EXIT_FINDING, EXIT_USAGE, type CliIo } from './cli-io.ts';

/** Messages classified at once when reading stdin (results are still printed in input order). */
const BATCH = 512;

export function registerRuleCommands(program: Command, io: CliIo): void {
  program
    .command('classify')
    .description('classify texts with a rule file: one JSON object per message and line, in input order')
    .requiredOption('--rules <file>', 'rule file (*.webhook.json)')
    .option('--jsonl', 'read one {"text": ...} JSON object per stdin line')
    .option('--profile-number <number>', 'the sender of the texts, for {{profileNumber}} in replies')
    .argument('[text...]', 'texts to classify; without any, one message per stdin line')
    .action(async (texts: string[], options: { rules: string; jsonl?: boolean; profileNumber?: string }) => {
      const classifier = await classifierOrExit(options.rules, io);
      if (classifier === null) return;
      const input = texts.length > 0 ? texts : await readStdinMessages(options.jsonl === true, io);
      if (input === null) return;
      const context = options.profileNumber === undefined ? {} : { profileNumber: options.profileNumber };
      for (let start = 0; start < input.length; start += BATCH) {
        const decisions = await Promise.all(
          input.slice(start, start + BATCH).map((text) => classifier.classify(text, context)),
        );
        io.out(decisions.map((decision) => JSON.stringify(summary(decision))).join('\n') + '\n');
      }
    });

  program
    .command('explain')
    .description('classify one text and explain the decision, for people')
    .requiredOption('--rules <file>', 'rule file (*.webhook.json)')
    .argument('<text>', 'the text to explain')
    .action(async (text: string, options: { rules: string }) => {
      const classifier = await classifierOrExit(options.rules, io);
      if (classifier === null) return;
      io.out(`${formatExplanation(await classifier.classify(text))}\n`);
    });

  program
    .command('check')
    .description(
      'check a rules directory as start-up does (rule, credentials and channel files), lint rule files and run their cases files; prints file:line:column: severity: message',
    )
    .argument('[paths...]', 'rule files or directories', ['rules'])
    .action(async (paths: string[]) => {
      const missing = paths.filter((path) => !existsSync(path));
      if (missing.length > 0) {
        io.err(`optline check: no such file or directory: ${missing.join(', ')}\n`);
        io.exitCode = EXIT_USAGE;
        return;
      }
      const report = await checkConfiguration(paths, io.env);
      for (const problem of report.problems) io.out(`${formatProblem(problem)}\n`);
      const errors = report.problems.filter((problem) => problem.severity === 'error').length;
      const warnings = report.problems.length - errors;
      io.err(
        `${report.files.length} rule file(s), ${report.casesPassed} case(s) passed: ${errors} error(s), ${warnings} warning(s)\n`,
      );
      if (errors > 0) io.exitCode = EXIT_FINDING;
    });

  const rules = program.command('rules').description('keyword rule files');
  rules
    .command('compile')
    .description('print the json-rules-engine rules a rule file compiles to (what a reviewer audits)')
    .argument('<file>', 'rule file (*.webhook.json)')
    .action(async (file: string) => {
      const classifier = await classifierOrExit(file, io);
      if (classifier === null) return;
      io.out(`${JSON.stringify(classifier.compiledRules(), null, 2)}\n`);
    });
}

function summary(decision: Decision): Record<string, unknown> {
  const { text, category, keyword, rule, effect, reply, normalized, explanation } = decision;
  return {
    text,
    category,
    keyword,
    rule,
    effect,
    reply,
    normalized,
    ...(explanation.nearMiss ? { nearMiss: explanation.nearMiss } : {}),
    ...(explanation.phrase ? { phrase: explanation.phrase } : {}),
  };
}

async function classifierOrExit(file: string, io: CliIo): Promise<Classifier | null> {
  if (!existsSync(file)) {
    io.err(`optline: no such rule file: ${file}\n`);
    io.exitCode = EXIT_USAGE;
    return null;
  }
  try {
    const definition = await loadRuleFile(file);
    if (definition.classifier === null) {
      io.err(`optline: ${file} is a feedback webhook: it has no keywords to classify with\n`);
      io.exitCode = EXIT_USAGE;
      return null;
    }
    return definition.classifier;
  } catch (error) {
    if (!(error instanceof RuleFileError)) throw error;
    for (const problem of error.problems) io.err(`${formatProblem(problem)}\n`);
    io.exitCode = EXIT_FINDING;
    return null;
  }
}

/** One message per line (a final newline ends the last message), or one {"text"} object per line. */
async function readStdinMessages(jsonl: boolean, io: CliIo): Promise<string[] | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin()) chunks.push(Buffer.from(chunk));
  const lines = Buffer.concat(chunks).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const plain = lines.map((line) => line.replace(/\r$/, ''));
  if (!jsonl) return plain;
  const texts: string[] = [];
  for (const [index, line] of plain.entries()) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const text = typeof parsed === 'object' && parsed !== null ? (parsed as { text?: unknown }).text : undefined;
    if (typeof text !== 'string') {
      io.err(`optline classify: stdin line ${index + 1} is not a JSON object with a string "text"\n`);
      io.exitCode = EXIT_USAGE;
      return null;
    }
    texts.push(text);
  }
  return texts;
}
