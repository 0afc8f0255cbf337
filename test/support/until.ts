// Waits for something a background process does (a dispatcher sending, a service writing), polling `check`.
import { setTimeout as sleep } from 'node:timers/promises';

export interface UntilOptions {
  timeoutMs?: number;
  /** What the failure says: the output of the process waited on, say. */
  context?: () => string;
  pollMs?: number;
}

export async function until(check: () => boolean | Promise<boolean>, options: UntilOptions = {}): Promise<void> {
  const { timeoutMs = 10_000, context, pollMs = 10 } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting${context ? `:\n${context()}` : ''}`);
    await sleep(pollMs);
  }
}
