// The one place that looks at ../shared: when the team's shared corpus sits beside the checkout (as in CI), the
// project's copy must hold the same files with the same bytes, so a newer shared corpus is noticed and copied in.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { CORPUS_DIR, REPO_DIR } from '../support/corpus.ts';

const SHARED_CORPUS = join(REPO_DIR, '..', 'shared', 'corpus');

function digests(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        files.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return files;
}

describe('the project corpus copy', () => {
  it('holds the same files as the shared corpus beside the checkout, when there is one', function () {
    if (!existsSync(SHARED_CORPUS)) this.skip();
    const shared = digests(SHARED_CORPUS);
    const own = digests(CORPUS_DIR);
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
