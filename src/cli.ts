// The `optline` command line. Each group of commands lives in src/cli/; this file only assembles them.
// Exit codes: 0 success, 1 a finding (invalid template or rule file, payload mismatch), 2 bad usage.
import { Command, CommanderError } from 'commander';
import { registerTemplateCommands } from './cli/template-commands.ts';
import { registerRuleCommands } from './cli/rule-commands.ts';

export const EXIT_USAGE = 2;

const program = new Command('optline')
  .description('Optline: SMS provider callbacks to consent decisions, replies and delivery records')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerTemplateCommands(program);
registerRuleCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
    process.exitCode = helpShown ? 0 : EXIT_USAGE;
  } else {
    throw error;
  }
}
