// The leaf values of a sample payload, each with the path a template would use to reach it. Arrays are
// sampled by their first element, because a template's array applies one element template to every element.

/** An object key, or `null` for "an element of this array". */
export type PathStep = string | null;

export interface PayloadValue {
  path: readonly PathStep[];
  value: string | number | boolean;
}

/** More leaves than any documented callback has (the largest in the corpus has about 40). */
export const MAX_VALUES = 1000;

/** Keys a template may not use (compile-template refuses them), so no placeholder can sit under one. */
const UNADDRESSABLE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every leaf (string, number, boolean) under `payload`, in document order, at most MAX_VALUES of them; the
 * walk stops there, so a hostile sample costs no more than that. Nesting is already bounded by parseJsonBody.
 */
export function payloadValues(payload: unknown): { values: PayloadValue[]; truncated: boolean } {
  const values: PayloadValue[] = [];
  let truncated = false;
  const visit = (node: unknown, path: PathStep[]): void => {
    if (values.length >= MAX_VALUES) {
      truncated = true;
      return;
    }
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
      values.push({ path, value: node });
    } else if (Array.isArray(node)) {
      if (node.length > 0) visit(node[0], [...path, null]);
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node)) {
        if (truncated) return;
        if (!UNADDRESSABLE.has(key)) visit((node as Record<string, unknown>)[key], [...path, key]);
      }
    }
  };
  visit(payload, []);
  return { values, truncated };
}

/** `$.message.id`, `$.statuses[0].code`, `$["message-timestamp"]`: a path as the sample shows it. */
export function jsonPath(path: readonly PathStep[]): string {
  return (
    '$' +
    path
      .map((step) =>
        step === null ? '[0]' : /^[A-Za-z_$][\w$]*$/.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`,
      )
      .join('')
  );
}

/** The last key on the path (the array's key for an element of an array of values). */
export function keyOf(path: readonly PathStep[]): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i];
    if (typeof step === 'string') return step;
  }
  return '';
}

/** `messageId`, `message-id`, `message_ID` -> ['message', 'id']: the words of a key, lower case. */
export function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** The words of every key above the leaf's own key. */
export function ancestorWords(path: readonly PathStep[]): string[] {
  const keys = path.filter((step): step is string => typeof step === 'string');
  return keys.slice(0, -1).flatMap(wordsOf);
}

export function parentOf(path: readonly PathStep[]): string {
  return jsonPath(path.slice(0, -1));
}

export function insideArray(path: readonly PathStep[]): boolean {
  return path.includes(null);
}
