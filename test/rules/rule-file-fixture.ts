// Writes rule files into a fresh temporary directory for a test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'optline-rules-'));
}

export function writeRuleFile(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

export function minimalRuleFile(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'acme',
    name: 'ACME',
    version: '1.0.0',
    vendor: 'sinch',
    credentials: 'acme-sinch',
    senderNumber: '+15550100',
    ...overrides,
  };
}
