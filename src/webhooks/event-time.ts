// The time an event is ordered by: the provider's own time (callbacks arrive out of order), but never later than
// the receipt plus a small allowance for clock skew. A time far ahead (a YES stamped 9999-12-31, a provider clock
// an hour fast) would otherwise make every later STOP "older than the last change" and freeze consent.

/** OPTLINE_MAX_CLOCK_SKEW_SECONDS's default. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

/** min(providerTime, receivedAt + skew); receivedAt when the provider gave no time. ISO-8601 UTC in and out. */
export function boundedEventTime(
  providerTime: string | null | undefined,
  receivedAt: string,
  maxSkewMs: number,
): string {
  if (providerTime === null || providerTime === undefined) return receivedAt;
  const latest = Date.parse(receivedAt) + maxSkewMs;
  return Date.parse(providerTime) <= latest ? providerTime : new Date(latest).toISOString();
}
