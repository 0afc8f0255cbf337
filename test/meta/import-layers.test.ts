// Layers import downward only: no two src folders may import each other, directly or around a loop. The graph
// has one node per folder under src/ (a file directly in src/, such as errors.ts or main.ts, is its own node)
// and one for grammar/; an edge is a relative import from one node to another.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';
import { REPO_DIR } from '../support/corpus.ts';

const ROOTS = ['src', 'grammar'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js)$/.test(entry.name) ? [path] : [];
  });
}

/** src/vendors/sinch/x.ts -> 'src/vendors'; src/errors.ts -> 'src/errors.ts'; grammar/* -> 'grammar'. */
function layerOf(file: string): string {
  const parts = relative(REPO_DIR, file).split(sep);
  if (parts[0] === 'src') return `src/${parts[1]}`;
  return parts[0] ?? file;
}

/** Layer -> layer -> one import that makes the edge ("from -> to"), for the report. */
function layerGraph(files: string[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = layerOf(file);
    const edges = graph.get(from) ?? new Map<string, string>();
    graph.set(from, edges);
    // preProcessFile only scans the import statements (no type-check), so reading the tree takes milliseconds.
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName);
      const to = layerOf(target);
      if (to !== from && !edges.has(to)) edges.set(to, `${relative(REPO_DIR, file)} -> ${relative(REPO_DIR, target)}`);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first search, each as its path of layers (first layer repeated at the end). */
function layerCycles(graph: Map<string, Map<string, string>>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (layer: string) => {
    const open = path.indexOf(layer);
    if (open !== -1) {
      cycles.push([...path.slice(open), layer]);
      return;
    }
    if (done.has(layer)) return;
    path.push(layer);
    for (const next of graph.get(layer)?.keys() ?? []) visit(next);
    path.pop();
    done.add(layer);
  };
  for (const layer of [...graph.keys()].sort()) visit(layer);
  return cycles;
}

describe('import layers', () => {
  it('has no import cycle between src folders (each layer imports only downward)', () => {
    const graph = layerGraph(ROOTS.flatMap((root) => sourceFiles(join(REPO_DIR, root))));
    expect(graph.size, 'the source tree was read').to.be.greaterThan(10);
    const report = layerCycles(graph).map((cycle) =>
      [cycle.join(' -> '), ...cycle.slice(1).map((to, i) => `    ${graph.get(cycle[i] ?? '')?.get(to)}`)].join('\n'),
    );
    expect(report, `import cycles between layers:\n${report.join('\n')}`).to.deep.equal([]);
  });

  it('finds a cycle through three layers and reports its path', () => {
    const graph = new Map([
      ['src/a', new Map([['src/b', 'a -> b']])],
      ['src/b', new Map([['src/c', 'b -> c']])],
      [
        'src/c',
        new Map([
          ['src/a', 'c -> a'],
          ['src/d', 'c -> d'],
        ]),
      ],
      ['src/d', new Map<string, string>()],
    ]);
    expect(layerCycles(graph)).to.deep.equal([['src/a', 'src/b', 'src/c', 'src/a']]);
  });
});
