// Where the shared corpus lives: ../shared/corpus beside the checkout (CI clones main with shared/ beside it).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = process.env.OPTLINE_CORPUS ?? join(REPO_DIR, '..', 'shared', 'corpus');
export const PAYLOADS_DIR = join(CORPUS_DIR, 'payloads');
export const PHRASES_DIR = join(CORPUS_DIR, 'phrases');

if (!existsSync(CORPUS_DIR)) {
  throw new Error(`the shared corpus is missing: expected it at ${CORPUS_DIR} (set OPTLINE_CORPUS to override)`);
}

export function readCorpusJson<T = unknown>(...path: string[]): T {
  return JSON.parse(readFileSync(join(CORPUS_DIR, ...path), 'utf8')) as T;
}
