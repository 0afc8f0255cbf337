// A rule file's keyword section with the defaults applied: the keywords of each category, the replies, and the
// JSON pointer each came from (for error messages and lint).
import { KEYWORD_CATEGORIES, type DecisionCategory, type KeywordCategory } from '../keywords/categories.ts';
import { DEFAULT_KEYWORDS } from '../keywords/default-keywords.ts';
import type { KeywordConfig } from '../keywords/keyword-config.ts';
import { DEFAULT_REPLIES } from './default-replies.ts';
import { SECTION_OF, type RuleFileDocument } from './rule-file-document.ts';

export interface ResolvedReply {
  category: DecisionCategory;
  /** null when the category sends no reply. */
  text: string | null;
  /** Where the reply is written, or where the category would be ('' parts fall back to the parent). */
  pointer: string;
  isDefault: boolean;
}

export interface ResolvedKeywords {
  config: KeywordConfig;
  /** Pointer of each keyword, by category and position. */
  keywordPointers: Record<KeywordCategory, string[]>;
  /** Pointer of each category's list (or of where it would be written). */
  listPointers: Record<KeywordCategory, string>;
  replies: ResolvedReply[];
}

const DEFAULT_REPLY_OF: Partial<Record<KeywordCategory, string>> = {
  'opt-out': DEFAULT_REPLIES.optOut,
  'opt-in': DEFAULT_REPLIES.optIn,
  help: DEFAULT_REPLIES.help,
};

export function resolveKeywords(document: RuleFileDocument): ResolvedKeywords {
  const sections = document.keywords ?? {};
  const keywords: Partial<Record<KeywordCategory, readonly string[]>> = {};
  const keywordPointers = {} as Record<KeywordCategory, string[]>;
  const listPointers = {} as Record<KeywordCategory, string>;
  const replies: ResolvedReply[] = [];
  for (const category of KEYWORD_CATEGORIES) {
    const key = SECTION_OF[category];
    const base = `/keywords/${key}`;
    if (category === 'custom') {
      const custom = sections.custom;
      keywords.custom = custom === undefined ? [] : [custom.keyword];
      keywordPointers.custom = [`${base}/keyword`];
      listPointers.custom = `${base}/keyword`;
      replies.push(reply(category, custom?.reply, `${base}/reply`, undefined));
      continue;
    }
    const section = sections[key] as { keywords?: string[]; reply?: string } | undefined;
    const written = section?.keywords;
    const list = written ?? DEFAULT_KEYWORDS[category] ?? [];
    keywords[category] = list;
    listPointers[category] = `${base}/keywords`;
    keywordPointers[category] = list.map((_, index) =>
      written === undefined ? `${base}/keywords` : `${base}/keywords/${index}`,
    );
    replies.push(reply(category, section?.reply, `${base}/reply`, DEFAULT_REPLY_OF[category]));
  }
  const fuzzy = sections.optOut?.fuzzy;
  replies.push(reply('fuzzy-opt-out', fuzzy?.reply, '/keywords/optOut/fuzzy/reply', DEFAULT_REPLIES.fuzzy));
  replies.push(reply('default', document.defaultReply, '/defaultReply', undefined));
  return {
    config: {
      keywords,
      fuzzy: {
        enabled: fuzzy?.enabled ?? true,
        action: fuzzy?.action ?? 'reply',
        ...(fuzzy?.phrases === undefined ? {} : { phrases: fuzzy.phrases }),
        ...(fuzzy?.phraseThreshold === undefined ? {} : { phraseThreshold: fuzzy.phraseThreshold }),
      },
    },
    keywordPointers,
    listPointers,
    replies,
  };
}

function reply(
  category: DecisionCategory,
  written: string | undefined,
  pointer: string,
  fallback: string | undefined,
): ResolvedReply {
  if (written !== undefined)
    return { category, text: written.trim() === '' ? null : written, pointer, isDefault: false };
  return { category, text: fallback ?? null, pointer, isDefault: true };
}
