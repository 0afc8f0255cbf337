// A mocha root-hook plugin (.mocharc.json "require"): at the end of a run, the wall time per kind of test --
// those on MongoDB (a suite's title names it, as each backend's suites do), those in a real browser (the walk
// files test/console/*-walk.test.ts; a title saying "console" may be an API test), and the
// rest -- so a slow backend shows apart from the embedded store's suites. Each test is charged the time since the
// previous one ended, so its suite's set-up hooks count with it. Figures only; nothing fails on them.
import type { Context } from 'mocha';

type Kind = 'MongoDB' | 'browser' | 'embedded store and the rest';
const totals = new Map<Kind, { tests: number; ms: number }>();
let lastMark = performance.now();

function kindOf(fullTitle: string, file: string | undefined): Kind {
  if (/mongo/i.test(fullTitle)) return 'MongoDB';
  if (file !== undefined && /[\\/]test[\\/]console[\\/][^\\/]*-walk\.test\.ts$/.test(file)) return 'browser';
  return 'embedded store and the rest';
}

export const mochaHooks = {
  afterEach(this: Context) {
    const now = performance.now();
    const test = this.currentTest;
    if (test === undefined || test.isPending()) return;
    const kind = kindOf(test.fullTitle(), test.file);
    const total = totals.get(kind) ?? { tests: 0, ms: 0 };
    total.tests += 1;
    total.ms += now - lastMark;
    totals.set(kind, total);
    lastMark = now;
  },
  afterAll() {
    const lines = [...totals].map(([kind, { tests, ms }]) => `  ${kind}: ${tests} tests, ${(ms / 1000).toFixed(1)} s`);
    process.stdout.write(`\n  time per kind of suite (wall time):\n${lines.join('\n')}\n`);
  },
};
