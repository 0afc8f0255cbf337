// The default configuration of the phrase corpus README: the rule-file defaults plus JOIN (double opt-in),
// PROMO (custom) and the fuzzy opt-out on.
import { createClassifier, type Classifier } from '../../src/keywords/classifier.ts';
import { DEFAULT_KEYWORDS } from '../../src/keywords/default-keywords.ts';
import type { FuzzyAction } from '../../src/keywords/keyword-config.ts';

export function corpusDefaultClassifier(action: FuzzyAction = 'reply'): Classifier {
  return createClassifier({
    keywords: { ...DEFAULT_KEYWORDS, 'double-opt-in': ['join'], custom: ['promo'] },
    fuzzy: { enabled: true, action },
  });
}
