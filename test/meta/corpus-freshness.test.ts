// The one place that looks at ../shared: when the team's shared corpus sits beside the checkout (as in CI), the
// project's copy must hold the same files with the same bytes, so a newer shared corpus is noticed and copied in.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { CORPUS_DIR, REPO_DIR } from '../support/corpus.ts';

const SHARED_CORPUS = join(REPO_DIR, '..', 'shared', 'corpus');

/** Lines of the copy's own that differ from the team's: where its README says where tests read the corpus. */
const OWN_LINES: Record<string, { shared: RegExp; own: RegExp }> = {
  [join('payloads', 'README.md')]: {
    shared: /^Copy what a test needs.*\n.*\n/m,
    own: /^This directory is the project's own.*\n.*\n/m,
  },
};

function digests(root: string, side: 'shared' | 'own'): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const file = relative(root, path);
        const lines = OWN_LINES[file]?.[side];
        const bytes = lines ? readFileSync(path, 'utf8').replace(lines, '') : readFileSync(path);
        files.set(file, createHash('sha256').update(bytes).digest('hex'));
      }
    }
  };
  walk(root);
  return files;
}

describe('the project corpus copy', () => {
  it('holds the same files as the shared corpus beside the checkout, when there is one', function () {
    if (!existsSync(SHARED_CORPUS)) this.skip();
    const shared = digests(SHARED_CORPUS, 'shared');
    const own = digests(CORPUS_DIR, 'own');
    const missing = [...shared.keys()].filter((file) => !own.has(file));
    const changed = [...shared.keys()].filter((file) => own.has(file) && own.get(file) !== shared.get(file));
    const extra = [...own.keys()].filter((file) => !shared.has(file));
    const refresh = `refresh it: cp -r ../shared/corpus/. test/corpus/`;
    expect({ missing, changed, extra }, `test/corpus differs from ../shared/corpus; ${refresh}`).to.deep.equal({
      missing: [],
      changed: [],
      extra: [],
    });
  });
});
