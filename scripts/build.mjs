// `npm run build` (also run by `npm install` through `prepare`): compiles src/ and grammar/ with tsc into dist/,
// then copies what tsc does not: the vendors' payload templates, which their modules read at start-up; and
// bundles the browser console (src/console/) with esbuild into dist/console/, so it is served offline.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

const vendors = join(root, 'src', 'vendors');
for (const entry of readdirSync(vendors, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.template.json')) continue;
  const from = join(entry.parentPath, entry.name);
  cpSync(from, join(dist, relative(root, from)));
}

const consoleSource = join(root, 'src', 'console');
const consoleDist = join(dist, 'console');
await build({
  entryPoints: [join(consoleSource, 'main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  outfile: join(consoleDist, 'console.js'),
  logLevel: 'warning',
});
for (const asset of ['index.html', 'console.css']) cpSync(join(consoleSource, asset), join(consoleDist, asset));
cpSync(join(root, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(consoleDist, 'uplot.css'));
