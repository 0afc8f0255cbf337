// Bounds a Handlebars template before Handlebars parses it: its parser and compiler take time and stack that
// grow fast with nesting (10,000 nested {{#if}} blocked the loop for 149 s), so size and depth are checked by a
// linear scan of the source first (issue 15, finding 5).

/** Characters of one template (a reply, a send URL, header or body). */
export const MAX_TEMPLATE_CHARS = 16 * 1024;
/** {{#if}}/{{#unless}} blocks inside one another; an {{else if}} counts as one more level. */
export const MAX_TEMPLATE_NESTING = 16;

/** Opens a block ({{#, {{^), chains one ({{else x}}) or closes one ({{/), whitespace control allowed. */
const BLOCK_TAG = /\{\{~?\s*(?:([#^])|(else\s+[^\s}~])|(\/))/g;

/** Why the template may not be parsed (too long, nested too deep, with where), or null. */
export function templateBoundProblem(source: string, positionSuffix = ''): string | null {
  // One entry per open block: its levels (1, plus one per {{else if}}), all closed by its {{/if}}.
  const open: number[] = [];
  let depth = 0;
  for (const match of source.matchAll(BLOCK_TAG)) {
    if (match[3] !== undefined) depth -= open.pop() ?? 0;
    else {
      if (match[1] !== undefined) open.push(1);
      else if (open.length > 0) open[open.length - 1]! += 1;
      else continue;
      if (++depth <= MAX_TEMPLATE_NESTING) continue;
      return `blocks nest more than ${MAX_TEMPLATE_NESTING} deep (${positionOf(source, match.index)}${positionSuffix})`;
    }
  }
  return source.length > MAX_TEMPLATE_CHARS ? `is longer than ${MAX_TEMPLATE_CHARS} characters` : null;
}

function positionOf(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}
