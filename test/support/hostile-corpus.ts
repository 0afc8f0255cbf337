// Generates the hostile corpus (hostile/gen-hostile.mjs) into a temporary directory and returns its path.
// The generator reads two payloads from its parent directory, so they are copied with the same layout.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAYLOADS_DIR } from './corpus.ts';

const GENERATOR_INPUTS = ['infobip.dlr-delivered.json', 'sinch-sms.inbound.mo_text.json'];

let generated: string | undefined;

/** The directory holding 01-truncated.json ... 10-prototype-pollution.template.json (generated once per run). */
export function hostileCorpusDir(): string {
  if (generated !== undefined) return generated;
  const root = mkdtempSync(join(tmpdir(), 'optline-hostile-'));
  const hostile = join(root, 'hostile');
  mkdirSync(hostile);
  for (const file of GENERATOR_INPUTS) copyFileSync(join(PAYLOADS_DIR, file), join(root, file));
  copyFileSync(join(PAYLOADS_DIR, 'hostile', 'gen-hostile.mjs'), join(hostile, 'gen-hostile.mjs'));
  copyFileSync(join(PAYLOADS_DIR, 'hostile', 'expected-status.json'), join(hostile, 'expected-status.json'));
  execFileSync(process.execPath, [join(hostile, 'gen-hostile.mjs')], { stdio: 'ignore' });
  generated = hostile;
  return hostile;
}

/** The generated hostile bodies (not the template, the generator or the expectations). */
export function hostileBodies(): string[] {
  return readdirSync(hostileCorpusDir())
    .filter((file) => /^\d\d-.*\.json$/.test(file) && !file.endsWith('.template.json'))
    .sort();
}
