// The railroad diagram of the template grammar, generated from the parser itself.
import { createSyntaxDiagramsCode } from 'chevrotain';
import { templateParser } from './template-parser.ts';

export function renderDiagram(): string {
  return createSyntaxDiagramsCode(templateParser.getSerializedGastProductions());
}
