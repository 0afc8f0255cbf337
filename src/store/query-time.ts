// Times in store queries: every stored time is ISO-8601 UTC from toISOString(), so a query's time is brought
// to the same form before it is compared as text.
export const DEFAULT_EXPORT_LIMIT = 1000;
export const DEFAULT_REVIEW_LIMIT = 100;

/** `text` as toISOString() writes it; throws RangeError naming `field` when it is not a time. */
export function isoTime(text: string, field: string): string {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`${field} is not a timestamp: "${text}"`);
  return new Date(ms).toISOString();
}
