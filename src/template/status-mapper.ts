// How a template's extracted code and status become a canonical status; vendors supply their own.
import type { StatusMeaning } from '../vendors/status-table.ts';
import type { RawRecord } from './template-program.ts';

export type StatusMapper = (raw: { code: unknown; status: unknown }, record: RawRecord) => StatusMeaning;
