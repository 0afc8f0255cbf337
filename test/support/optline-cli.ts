// Runs the `optline` command line in-process with captured output (commander's exitOverride turns exits into
// results), so the CLI suites cost no process start per call; test/cli-binary.test.ts spawns the built binary once.
import { runCli } from '../../src/cli/run-cli.ts';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function optline(args: string[], input = '', env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io = {
    out: (text: string) => void (stdout += text),
    err: (text: string) => void (stderr += text),
    stdin: async function* () {
      yield Buffer.from(input, 'utf8');
    },
    env: { ...process.env, ...env },
    exitCode: 0,
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}
