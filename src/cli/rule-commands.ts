// `optline classify`, `explain`, `check` and `rules compile` (keyword rules). Filled in by the rules work.
import type { Command } from 'commander';

export function registerRuleCommands(_program: Command): void {}
