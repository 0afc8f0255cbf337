// The project's copy of the test corpus (test/corpus/, refreshed from the team's shared corpus by hand): the
// suites read only this copy, so a clone with nothing beside it tests itself. corpus-freshness.test.ts says when
// the shared corpus, where one sits beside the checkout, holds something newer.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = join(REPO_DIR, 'test', 'corpus');
export const PAYLOADS_DIR = join(CORPUS_DIR, 'payloads');
export const PHRASES_DIR = join(CORPUS_DIR, 'phrases');

export function readCorpusJson<T = unknown>(...path: string[]): T {
  return JSON.parse(readFileSync(join(CORPUS_DIR, ...path), 'utf8')) as T;
}
