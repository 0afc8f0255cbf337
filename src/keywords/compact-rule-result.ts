// A json-rules-engine RuleResult as stored with every decision, without the keyword lists each condition
// carries as its value: those belong to the rule file revision (`optline rules compile`), and repeating them
// in every stored decision would make each one as large as the rule file (2,000 keywords: tens of KB).

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function compactRuleResult(result: unknown): Json {
  return compact(result as Json, 0);
}

function compact(value: Json, depth: number): Json {
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => compact(item, depth + 1));
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    const isKeywordList = (key === 'value' || key === 'valueResult') && item !== null && typeof item === 'object';
    if (!isKeywordList) out[key] = compact(item, depth + 1);
  }
  return out;
}
