// How a template's extracted code and status become a canonical status; vendors supply their own.
import type { StatusMeaning } from './status-table.ts';
import type { ExtractedRecord } from './extracted-record.ts';

/**
 * `values`: the template's extra placeholders (Infobip's seenAt), for vendors whose status depends on them.
 * The generated fast path passes only those; the standard placeholders are not for mappers to read.
 */
export type StatusMapper = (status: unknown, code: unknown, values: ExtractedRecord['values']) => StatusMeaning;
