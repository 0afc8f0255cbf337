#!/usr/bin/env node
// The `optline` command: runs the compiled command line in dist/ (`npm install` builds it; `npm run build` again
// after changing src/).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('optline: the compiled command line is missing (dist/src/cli.js): run `npm run build`\n');
  process.exit(2);
}
await import(entry.href);
