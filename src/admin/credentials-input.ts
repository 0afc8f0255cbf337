// Validates credentials as the API receives them ({name, vendor, baseUrl, accountId, secret, options}) and as a
// *.credentials.json file declares them (secretEnv instead of secret). Every problem is listed, with its path.
import { nameProblems } from './admin-names.ts';
import { isRecord } from '../json/is-record.ts';
import { isVendorId, VENDOR_IDS, vendorDefinition, type VendorId } from '../vendors/vendor-registry.ts';
import { unknownProperties, type FieldProblem } from './field-problem.ts';

export interface CredentialsFields {
  name: string;
  vendor: VendorId;
  baseUrl: string;
  accountId: string;
  options: Record<string, unknown>;
}

export type SecretSource = { secret: string | null } | { secretEnv: string };

export type CredentialsCheck<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** From the API: `secret` is required on create; on update an absent secret keeps the stored one (null). */
export function checkCredentialsBody(body: unknown, mode: 'create' | 'update'): CredentialsCheck<CredentialsFields & { secret: string | null }> {
  return check(body, 'secret', mode === 'create');
}

/** From a *.credentials.json file: the secret is read from the environment variable `secretEnv`. */
export function checkCredentialsFile(body: unknown): CredentialsCheck<CredentialsFields & { secretEnv: string }> {
  const result = check(body, 'secretEnv', true);
  if (!result.ok) return result;
  const { secret, ...fields } = result.value;
  return { ok: true, value: { ...fields, secretEnv: secret ?? '' } };
}

function check(body: unknown, secretField: 'secret' | 'secretEnv', secretRequired: boolean): CredentialsCheck<CredentialsFields & { secret: string | null }> {
  if (!isRecord(body)) return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  const problems: FieldProblem[] = [
    ...unknownProperties(body, ['name', 'vendor', 'baseUrl', 'accountId', secretField, 'options']),
    ...nameProblems(body.name),
  ];
  const vendor = isVendorId(body.vendor) ? body.vendor : undefined;
  if (!vendor) problems.push({ path: '/vendor', message: `must be one of ${VENDOR_IDS.join(', ')}` });
  const required = vendor ? vendorDefinition(vendor).send.credentials : null;
  const baseUrl = body.baseUrl ?? '';
  if (typeof baseUrl !== 'string') problems.push({ path: '/baseUrl', message: 'must be a string' });
  else if ((required?.fields.includes('baseUrl') ?? true) && !/^https?:\/\/[^\s/]+[^\s]*$/.test(baseUrl)) {
    problems.push({ path: '/baseUrl', message: 'must be an http(s) URL (the vendor endpoint, e.g. https://us.sms.api.sinch.com)' });
  }
  const accountId = body.accountId ?? '';
  if (typeof accountId !== 'string') problems.push({ path: '/accountId', message: 'must be a string' });
  else if (required?.fields.includes('accountId') && accountId.trim() === '') {
    problems.push({ path: '/accountId', message: `is required for ${vendor} (the ${required.accountIdMeans ?? 'account id'})` });
  }
  const secret = body[secretField];
  if (secret === undefined) {
    if (secretRequired) problems.push({ path: `/${secretField}`, message: 'is required' });
  } else if (typeof secret !== 'string' || secret.trim() === '') {
    problems.push({ path: `/${secretField}`, message: 'must be a non-empty string' });
  } else if (secretField === 'secretEnv' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(secret)) {
    problems.push({ path: '/secretEnv', message: 'must be an environment variable name' });
  }
  const options = body.options ?? {};
  if (!isRecord(options)) problems.push({ path: '/options', message: 'must be an object' });
  if (problems.length > 0 || !vendor || !isRecord(options)) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name: String(body.name),
      vendor,
      baseUrl: String(baseUrl),
      accountId: String(accountId),
      options,
      secret: typeof secret === 'string' ? secret : null,
    },
  };
}
