// A consent replay planned on a version that has moved since: another event changed that consent meanwhile.
import type { ConsentKey } from '../consent/consent-state.ts';

export class ConsentMovedError extends Error {
  override name = 'ConsentMovedError';

  constructor(key: ConsentKey, expected: number, found: number) {
    super(
      `a consent towards ${key.senderNumber} changed while it was replayed (version ${found}, expected ${expected}): run the command again`,
    );
  }
}
