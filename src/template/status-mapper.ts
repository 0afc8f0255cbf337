// How a template's extracted code and status become a canonical status; vendors supply their own.
import type { StatusMeaning } from '../vendors/status-table.ts';
import type { ExtractedRecord } from './extracted-record.ts';

/** `values`: the event's other values, for vendors whose status depends on them (Infobip's seenAt). */
export type StatusMapper = (status: unknown, code: unknown, values: ExtractedRecord['values']) => StatusMeaning;
