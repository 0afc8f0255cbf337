// The `optline` executable's entry: runs the command line on the process's arguments and streams.
import { processIo } from './cli/cli-io.ts';
import { runCli } from './cli/run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo());
