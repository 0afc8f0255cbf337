// Where a command line run writes, reads and leaves its exit code: the process's streams for `optline`, captured
// text for tests that run the commands in-process.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read only by commands that take messages from it. */
  stdin(): AsyncIterable<Uint8Array>;
  /** The environment, where credentials files name their secrets' variables. */
  env: NodeJS.ProcessEnv;
  /** 0 unless a command finds a problem (1) or is used wrongly (2). */
  exitCode: number;
  /** Standard error is a terminal: long commands draw a progress bar on it. */
  errIsTerminal?: boolean;
}

export const EXIT_FINDING = 1;
export const EXIT_USAGE = 2;

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: () => process.stdin,
    env: process.env,
    exitCode: 0,
    errIsTerminal: process.stderr.isTTY === true,
  };
}
