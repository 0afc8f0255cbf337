import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagram } from '../../grammar/render-diagram.ts';
import { REPO_DIR } from '../support/corpus.ts';

describe('grammar/diagram.html', () => {
  it('is the railroad diagram of the current parser (run `npm run grammar:diagram` when this fails)', () => {
    const committed = readFileSync(join(REPO_DIR, 'grammar', 'diagram.html'), 'utf8');
    expect(committed === renderDiagram(), 'grammar/diagram.html is stale').to.equal(true);
    expect(committed).to.include('placeholder').and.include('PlaceholderOpen');
  });
});
