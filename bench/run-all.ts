// npm run bench -- the extraction and classification benchmarks, one after the other (ingest has its own script).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_DIR } from '../test/support/corpus.ts';

for (const script of ['extract.bench.ts', 'classify.bench.ts']) {
  process.stdout.write(`\n== ${script}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'bench', script)], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
