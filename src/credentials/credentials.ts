// API credentials for one vendor account. A rule file names its credentials by `name`.
// accountId: Sinch service plan id, Sinch Conversation project id, Infobip account; secret: token or API key;
// baseUrl: the vendor endpoint (Infobip gives every account its own, Sinch has regions);
// options: anything vendor-specific (the Sinch Conversation app id as `appId`).
import { AppError } from '../errors.ts';

export interface Credentials {
  name: string;
  /** A vendor id of src/vendors/vendor-registry.ts (which sits above this module and checks it). */
  vendor: string;
  baseUrl: string;
  accountId: string;
  secret: string;
  options: Record<string, unknown>;
}

/** What a vendor's credentials must hold before anything is sent through it. */
export interface CredentialsRequirement {
  vendor: string;
  /** Must not be blank; baseUrl, when listed, must also be an http(s) URL. */
  fields: ReadonlyArray<'baseUrl' | 'accountId' | 'secret'>;
  /** What accountId names at this vendor ("service plan id"), for messages; null when it is not required. */
  accountIdMeans: string | null;
}

/** Throws AppError(validation_failed) listing every problem when credentials cannot meet `requirement`. */
export function requireCredentials(credentials: Credentials, requirement: CredentialsRequirement): void {
  const { vendor, fields } = requirement;
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
