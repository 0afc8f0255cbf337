// Keywords a category gets when the rule file leaves it out. Double Opt-In and Custom have none.
import type { KeywordCategory } from './categories.ts';

export const DEFAULT_KEYWORDS: Readonly<Partial<Record<KeywordCategory, readonly string[]>>> = {
  'opt-in': ['Subscribe', 'Yes', 'Unstop', 'Continue', 'Resume', 'Begin'],
  'opt-out': ['Stop', 'Quit', 'Cancel', 'End', 'Unsubscribe', 'No'],
  help: ['Help', 'Info', 'Information'],
};
