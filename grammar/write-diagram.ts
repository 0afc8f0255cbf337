// `npm run grammar:diagram`: regenerates grammar/diagram.html (commit it; a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDiagram } from './render-diagram.ts';

export const DIAGRAM_PATH = fileURLToPath(new URL('./diagram.html', import.meta.url));

writeFileSync(DIAGRAM_PATH, renderDiagram());
process.stdout.write(`wrote ${DIAGRAM_PATH}\n`);
