// The values one event gathered from a payload, before they become an InboundEvent or a FeedbackEvent.

export interface ExtractedRecord {
  /**
   * Canonical placeholder name -> the value as found, null when the payload has nothing there. Undefined
   * when the walk never reached the placeholder (it sits in an empty or missing array).
   */
  values: Readonly<Record<string, unknown>>;
  /** {{failureCode}} and {{feedbackStatus}} values in payload order; zipped into statuses[]. */
  codes: readonly unknown[];
  statuses: readonly unknown[];
}
