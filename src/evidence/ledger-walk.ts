// Every consent chain of a store, verified key by key (consent/consent-chain.ts), as `optline ledger verify`
// walks them: the keys page by page in key order, each page's chains read and checked together.
import { verifyChain, type ChainVerification } from '../consent/consent-chain.ts';
import type { ConsentKey } from '../consent/consent-state.ts';
import type { Store } from '../store/store.ts';

const PAGE = 200;

/**
 * Yields each key's verification. With `since`, only keys changed at or after it are walked, and their changes
 * older than it are not recomputed (their stored hashes still link the rest).
 */
export async function* walkLedger(store: Store, since?: string): AsyncGenerator<ChainVerification> {
  let after: ConsentKey | undefined;
  for (;;) {
    const page = await store.exportConsents({
      ...(since === undefined ? {} : { since }),
      limit: PAGE,
      ...(after ? { after } : {}),
    });
    const chains = await store.consentChains(page.map((consent) => consent.key));
    for (const [index, chain] of chains.entries()) {
      const consent = page[index];
      yield verifyChain(
        chain,
        since,
        consent && { state: consent.state, changedAt: consent.changedAt, version: consent.version },
      );
    }
    after = page.at(-1)?.key;
    if (page.length < PAGE || after === undefined) return;
  }
}
