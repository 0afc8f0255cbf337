// Azure Event Grid's subscription validation: before it delivers events, Event Grid posts an array holding one
// Microsoft.EventGrid.SubscriptionValidationEvent (header aeg-event-type: SubscriptionValidation) and expects
// its data.validationCode back as {"validationResponse": code}.
import { isRecord } from '../json/is-record.ts';

export const EVENT_GRID_VALIDATION_TYPE = 'Microsoft.EventGrid.SubscriptionValidationEvent';
const MAX_CODE_LENGTH = 1024;

export function isEventGridValidation(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['aeg-event-type'] === 'SubscriptionValidation';
}

/** The validation code, or what is wrong with the body (by JSON path). */
export function eventGridValidationCode(body: unknown): { code: string } | { problem: string } {
  if (!Array.isArray(body)) return { problem: 'the body is not an array of Event Grid events' };
  const index = body.findIndex((event) => isRecord(event) && event.eventType === EVENT_GRID_VALIDATION_TYPE);
  const event: unknown = body[index];
  if (!isRecord(event)) return { problem: `no event has eventType ${EVENT_GRID_VALIDATION_TYPE}` };
  const code = isRecord(event.data) ? event.data.validationCode : undefined;
  if (typeof code !== 'string' || code.length === 0 || code.length > MAX_CODE_LENGTH)
    return { problem: `$[${index}].data.validationCode is not a string of 1 to ${MAX_CODE_LENGTH} characters` };
  return { code };
}
