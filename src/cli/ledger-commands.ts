// `optline ledger verify`: walks every consent chain of the store the service uses (OPTLINE_DATA or
// MONGODB_URI) and names the first broken link of each broken chain. Profile numbers are masked.
// Exit codes: 0 every chain holds (legacy changes, stored before chains, included), 1 a chain is broken, 2 bad usage.
import type { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { walkLedger } from '../evidence/ledger-walk.ts';
import { openStore } from '../store/open-store.ts';
import { isoTime } from '../store/query-time.ts';
import { maskNumber } from '../webhooks/texted-number.ts';
import { EXIT_FINDING, EXIT_USAGE, type CliIo } from './cli-io.ts';

export function registerLedgerCommands(program: Command, io: CliIo): void {
  const ledger = program.command('ledger').description('the tamper-evident consent history');
  ledger
    .command('verify')
    .description(
      'recompute every consent change hash and check each links the one before; exit 1 naming the first broken link',
    )
    .option('--since <time>', 'only consents changed at or after this ISO-8601 time, and only their newer changes')
    .action(async (options: { since?: string }) => {
      let config: Config;
      let since: string | undefined;
      try {
        config = loadConfig(io.env);
        since = options.since === undefined ? undefined : isoTime(options.since, '--since');
      } catch (error) {
        if (!(error instanceof ConfigError || error instanceof RangeError)) throw error;
        io.err(`optline ledger verify: ${error.message}\n`);
        io.exitCode = EXIT_USAGE;
        return;
      }
      const store = await openStore(config);
      const totals = { chains: 0, verified: 0, legacy: 0, skipped: 0, broken: 0 };
      try {
        for await (const chain of walkLedger(store, since)) {
          totals.chains += 1;
          totals.verified += chain.verified;
          totals.legacy += chain.legacy;
          totals.skipped += chain.skipped;
          if (chain.broken === null) continue;
          totals.broken += 1;
          const { key, broken } = chain;
          io.out(
            `broken: consent of ${maskNumber(key.profileNumber)} towards ${key.senderNumber}, version ${broken.version} (event ${broken.eventId}) ${broken.problem}\n`,
          );
        }
      } finally {
        await store.close();
      }
      io.out(
        `${totals.chains} chain(s): ${totals.verified} change(s) verified, ${totals.legacy} legacy (stored before chains, unhashed), ${totals.skipped} older than --since (not recomputed), ${totals.broken} broken\n`,
      );
      if (totals.broken > 0) io.exitCode = EXIT_FINDING;
    });
}
