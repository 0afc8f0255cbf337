// The `optline` command line as a function of its arguments and streams, so tests run it in-process. Each run
// builds its own commander program: a program keeps the options it parsed.
// Exit codes: 0 success, 1 a finding (invalid template or rule file, payload mismatch), 2 bad usage.
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { EXIT_USAGE, type CliIo } from './cli-io.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerConsentCommands } from './consent-commands.ts';
import { registerLedgerCommands } from './ledger-commands.ts';
import { registerReviewCommands } from './review-commands.ts';
import { registerRuleCommands } from './rule-commands.ts';
import { registerTemplateCommands } from './template-commands.ts';
import { registerWebhookCommands } from './webhook-commands.ts';

export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('optline')
    .description('Optline: SMS provider callbacks to consent decisions, replies and delivery records')
    .version(packageJson.version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  registerTemplateCommands(program, io);
  registerRuleCommands(program, io);
  registerMigrateCommand(program, io);
  registerConsentCommands(program, io);
  registerWebhookCommands(program, io);
  registerLedgerCommands(program, io);
  registerReviewCommands(program, io);
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    io.exitCode = helpShown ? 0 : EXIT_USAGE;
  }
  return io.exitCode;
}
