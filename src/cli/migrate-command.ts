// `optline migrate`: legacy API credentials (an export file) -> a rules directory of credentials, channel, webhook
// and cases files, as src/admin/migration/migration-plan.ts maps them. Secrets are never written: each
// credentials file names an environment variable, and the command says which to set. Running it again changes
// nothing; a file that differs is left alone (and its entry refused) unless --force.
// Exit codes: 0 every entry migrated, 1 an entry was refused (or the export is unreadable as one), 2 bad usage.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import {
  MAX_EXPORT_BYTES,
  SINCH_REGIONS,
  checkLegacyExport,
  type SinchRegion,
} from '../admin/migration/legacy-export.ts';
import { planMigration, plannedFiles, type EntryPlan } from '../admin/migration/migration-plan.ts';
import { EXIT_FINDING, EXIT_USAGE, type CliIo } from './cli-io.ts';

interface MigrateOptions {
  from: string;
  out: string;
  dryRun?: boolean;
  force?: boolean;
  sinchRegion: SinchRegion;
}

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description(
      'turn an export of legacy API credentials into credentials, channel, webhook and cases files (secrets are never written)',
    )
    .requiredOption('--from <file>', 'the export: {"apiCredentials": [...]}')
    .requiredOption('--out <dir>', 'the rules directory to write into')
    .option('--dry-run', 'print what would be written, write nothing')
    .option('--force', 'overwrite files that differ')
    .addOption(
      new Option('--sinch-region <region>', 'the region of every Sinch SMS entry').choices(SINCH_REGIONS).default('us'),
    )
    .action(async (options: MigrateOptions) => {
      const legacy = await readExport(options.from, io);
      if (legacy === null) return;
      const plans = await planMigration(legacy, { sinchRegion: options.sinchRegion, requireSecret: false });
      if (options.dryRun !== true) await mkdir(options.out, { recursive: true });
      let refused = 0;
      for (const plan of plans) {
        const done = await migrateEntry(plan, options, io);
        if (!done) refused++;
      }
      const verb = options.dryRun === true ? 'would be migrated' : 'migrated';
      io.err(`${plans.length - refused} of ${plans.length} entr${plans.length === 1 ? 'y' : 'ies'} ${verb}\n`);
      if (refused > 0) io.exitCode = EXIT_FINDING;
    });
}

async function readExport(file: string, io: CliIo): Promise<{ apiCredentials: unknown[] } | null> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    io.err(`optline migrate: cannot read ${file}\n`);
    io.exitCode = EXIT_USAGE;
    return null;
  }
  if (size > MAX_EXPORT_BYTES) {
    io.err(`optline migrate: ${file} is ${size} bytes; an export may have at most ${MAX_EXPORT_BYTES}\n`);
    io.exitCode = EXIT_FINDING;
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    io.err(`${file}: invalid JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    io.exitCode = EXIT_FINDING;
    return null;
  }
  const checked = checkLegacyExport(value);
  if (!checked.ok) {
    for (const problem of checked.problems) io.err(`${file}: ${problem.path || '/'}: ${problem.message}\n`);
    io.exitCode = EXIT_FINDING;
    return null;
  }
  return checked.value;
}

/** Writes one entry's files (all or none); false when it is refused. */
async function migrateEntry(plan: EntryPlan, options: MigrateOptions, io: CliIo): Promise<boolean> {
  const title = `${plan.path} ${JSON.stringify(plan.legacyName ?? '')}`;
  const files = plannedFiles(plan).map((file) => ({ ...file, path: join(options.out, file.name) }));
  const problems = [...plan.problems];
  const changed: typeof files = [];
  for (const file of files) {
    const existing = await readFile(file.path, 'utf8').catch(() => null);
    if (existing === file.text) continue;
    if (existing !== null && options.force !== true)
      problems.push({ path: plan.path, message: `${file.path} exists and differs; --force overwrites it` });
    changed.push(file);
  }
  if (problems.length > 0) {
    io.out(`${title}: refused, nothing written\n`);
    for (const problem of problems) io.err(`${options.from}: ${problem.path}: ${problem.message}\n`);
    return false;
  }
  if (options.dryRun !== true) for (const file of changed) await writeFile(file.path, file.text);
  const action = options.dryRun === true ? 'would write' : 'wrote';
  const written = changed.map((file) => file.name);
  io.out(
    `${title} -> ${plan.id ?? ''} (${plan.vendor ?? ''}): ${written.length > 0 ? `${action} ${written.join(', ')}` : 'unchanged'}\n`,
  );
  if (plan.credentials !== null)
    io.out(`  set ${plan.credentials.secretEnv} to the ${plan.secretMeans} of ${JSON.stringify(plan.legacyName)}\n`);
  for (const difference of plan.differences) io.out(`  differs from the webhook defaults: ${difference}\n`);
  for (const warning of plan.warnings) io.out(`  warning: ${warning}\n`);
  return true;
}
