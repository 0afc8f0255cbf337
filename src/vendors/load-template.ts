// Reads and compiles a built-in vendor template that sits beside the vendor's module.
import { readFileSync } from 'node:fs';
import { compileTemplateWith, type BuiltinTemplateOptions } from '../template/compile-template.ts';
import type { CompiledTemplate } from '../template/compiled-template.ts';

export function loadTemplate(base: string, file: string, options: BuiltinTemplateOptions): CompiledTemplate {
  const url = new URL(file, base);
  return compileTemplateWith(readFileSync(url, 'utf8'), { requireAll: false, source: url.pathname, ...options });
}
