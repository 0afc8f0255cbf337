// API credentials for one vendor account. A rule file names its credentials by `name`.
// accountId: Sinch service plan id, Sinch Conversation project id, Infobip account; secret: token or API key;
// baseUrl: the vendor endpoint (Infobip gives every account its own, Sinch has regions);
// options: anything vendor-specific (the Sinch Conversation app id as `appId`).
import { AppError } from '../errors.ts';

export const SEND_VENDORS = ['sinch', 'sinch-conversational', 'infobip', 'custom'] as const;
export type SendVendor = (typeof SEND_VENDORS)[number];

export interface Credentials {
  name: string;
  vendor: SendVendor;
  baseUrl: string;
  accountId: string;
  secret: string;
  options: Record<string, unknown>;
}

/** Throws AppError(validation_failed) listing every problem when credentials cannot serve `vendor`. */
export function requireCredentials(credentials: Credentials, vendor: SendVendor, fields: Array<'baseUrl' | 'accountId' | 'secret'>): void {
  const problems: Array<{ path: string; message: string }> = [];
  if (credentials.vendor !== vendor) {
    problems.push({ path: 'vendor', message: `credentials are for ${credentials.vendor}, not ${vendor}` });
  }
  for (const field of fields) {
    if (!credentials[field].trim()) problems.push({ path: field, message: `${field} is required for ${vendor}` });
  }
  if (fields.includes('baseUrl') && credentials.baseUrl.trim() && !/^https?:\/\/[^\s]+$/.test(credentials.baseUrl)) {
    problems.push({ path: 'baseUrl', message: 'baseUrl must be an http(s) URL' });
  }
  if (problems.length > 0) {
    const summary = problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new AppError('validation_failed', `credentials "${credentials.name}" cannot send: ${summary}`, problems);
  }
}
