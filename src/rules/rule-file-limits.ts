// Limits an admin meets in a rule file, each checked before the work it would cost (issue 15). rules/README.md
// lists them; the keyword count lives in rules/webhook.schema.json and is read from there.
import schema from '../../rules/webhook.schema.json' with { type: 'json' };

/** Keywords per category list. */
export const MAX_KEYWORDS_PER_CATEGORY: number = schema.definitions.keywordList.maxItems;
export const MAX_JSON_DEPTH = 64;
