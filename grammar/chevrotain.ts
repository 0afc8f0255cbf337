// Chevrotain's runtime, loaded from the single-file ESM build the package ships (lib/chevrotain.mjs) instead of
// its package entry: the entry imports lodash-es and its own sub-packages as several hundred modules, about 0.7 s
// and 30 MB at every start of the service and the CLI; the bundle holds the same API and loads in ~30 ms.
// The package's "exports" only offer the entry, so the bundle is reached by its file path next to it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Chevrotain = typeof import('chevrotain');

const entry = createRequire(import.meta.url).resolve('chevrotain'); // <package>/lib/src/api.js
const chevrotain = (await import(pathToFileURL(join(dirname(entry), '..', 'chevrotain.mjs')).href)) as Chevrotain;

export const { createToken, CstParser, EOF, Lexer } = chevrotain;
