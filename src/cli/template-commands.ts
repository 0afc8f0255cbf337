// `optline extract` and `optline template check` (payload templates). Filled in by the template work.
import type { Command } from 'commander';

export function registerTemplateCommands(_program: Command): void {}
