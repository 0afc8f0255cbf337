// API credentials, declared in files (read-only) or managed through the API (secret sealed at rest). What
// the API shows never holds a secret: at most redact()'s last four characters of a long one.
import type { Credentials } from '../credentials/credentials.ts';
import { redact, type SecretBox } from '../credentials/secret-box.ts';
import { AppError } from '../errors.ts';
import type { FileCredentials } from './admin-files.ts';
import type { AdminStore, StoredCredentials } from './admin-store.ts';
import { CREDENTIALS_OPTIONS_SCHEMA, checkCredentialsBody } from './credentials-input.ts';
import { isRecord } from '../json/is-record.ts';
import { validationFailed } from './field-problem.ts';
import { VENDOR_IDS } from '../vendors/vendor-registry.ts';
import { urlRefusal, type OutboundPolicy } from '../send/outbound-policy.ts';

export interface CredentialsView {
  name: string;
  vendor: string;
  baseUrl: string;
  accountId: string;
  secret: string;
  secretSet: boolean;
  options: Record<string, unknown>;
  source: 'file' | 'api';
  file: string | null;
  secretEnv: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

const nullableString = { type: ['string', 'null'] } as const;

/** What the API shows of credentials (CredentialsView), for the OpenAPI document. */
export const CREDENTIALS_VIEW_SCHEMA = {
  type: 'object',
  required: [
    'name',
    'vendor',
    'baseUrl',
    'accountId',
    'secret',
    'secretSet',
    'options',
    'source',
    'file',
    'secretEnv',
    'updatedAt',
    'updatedBy',
  ],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    vendor: { enum: [...VENDOR_IDS] },
    baseUrl: { type: 'string' },
    accountId: { type: 'string' },
    secret: { type: 'string', description: 'redacted: ******** (with the last 4 characters of a long secret)' },
    secretSet: { type: 'boolean' },
    options: CREDENTIALS_OPTIONS_SCHEMA,
    source: { enum: ['file', 'api'] },
    file: nullableString,
    secretEnv: nullableString,
    updatedAt: nullableString,
    updatedBy: nullableString,
  },
} as const;

export interface CredentialsAdminDeps {
  files: FileCredentials[];
  store: AdminStore;
  /** null when OPTLINE_SECRET_KEY is not set: credentials cannot be created through the API. */
  box: SecretBox | null;
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** Names of the channel configurations that attach these credentials (deleting them is refused). */
  attachedTo: (name: string) => Promise<string[]>;
  changed: () => Promise<void>;
  /** OPTLINE_OUTBOUND_ALLOW: a baseUrl that names a refused address is refused when saved, not at its first send. */
  outbound: OutboundPolicy;
}

export class CredentialsAdmin {
  constructor(private readonly deps: CredentialsAdminDeps) {}

  async names(): Promise<Set<string>> {
    return new Set([
      ...this.deps.files.map((file) => file.name),
      ...(await this.deps.store.listCredentials()).map((stored) => stored.name),
    ]);
  }

  async list(): Promise<CredentialsView[]> {
    const fromFiles = this.deps.files.map((file) => this.fileView(file));
    const fileNames = new Set(fromFiles.map((view) => view.name));
    const stored = (await this.deps.store.listCredentials()).filter((record) => !fileNames.has(record.name));
    return [...fromFiles, ...stored.map((record) => this.storedView(record))].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  async get(name: string): Promise<CredentialsView> {
    const file = this.deps.files.find((candidate) => candidate.name === name);
    if (file) return this.fileView(file);
    const stored = await this.deps.store.credentials(name);
    if (!stored) throw new AppError('not_found', `no credentials named "${name}"`);
    return this.storedView(stored);
  }

  async create(body: unknown, author: string): Promise<CredentialsView> {
    const checked = checkCredentialsBody(body, 'create');
    if (!checked.ok) throw validationFailed('the credentials', checked.problems);
    this.refuseBaseUrl(checked.value.baseUrl);
    const { secret, ...fields } = checked.value;
    this.refuseFileDefined(fields.name);
    const record: StoredCredentials = {
      ...fields,
      sealedSecret: this.seal(fields.name, secret ?? ''),
      updatedAt: this.nowIso(),
      updatedBy: author,
    };
    if (!(await this.deps.store.saveCredentials(record, 'create'))) {
      throw new AppError(
        'conflict',
        `credentials named "${fields.name}" already exist; update them with PUT /api/credentials/${fields.name}`,
      );
    }
    await this.deps.changed();
    return this.storedView(record);
  }

  async update(name: string, body: unknown, author: string): Promise<CredentialsView> {
    this.refuseFileDefined(name);
    const named = isRecord(body) && body.name === undefined ? { ...body, name } : body;
    const checked = checkCredentialsBody(named, 'update');
    if (!checked.ok) throw validationFailed('the credentials', checked.problems);
    if (checked.value.name !== name)
      throw validationFailed('the credentials', [
        { path: '/name', message: `must be "${name}", the name in the URL (credentials cannot be renamed)` },
      ]);
    this.refuseBaseUrl(checked.value.baseUrl);
    const existing = await this.deps.store.credentials(name);
    if (!existing) throw new AppError('not_found', `no credentials named "${name}"`);
    const { secret, ...fields } = checked.value;
    const sealedSecret = secret === null ? existing.sealedSecret : this.seal(name, secret);
    const record: StoredCredentials = { ...fields, sealedSecret, updatedAt: this.nowIso(), updatedBy: author };
    if (!(await this.deps.store.saveCredentials(record, 'update')))
      throw new AppError('not_found', `no credentials named "${name}"`);
    await this.deps.changed();
    return this.storedView(record);
  }

  private refuseBaseUrl(baseUrl: string): void {
    const refusal = baseUrl === '' ? null : urlRefusal(baseUrl, this.deps.outbound);
    if (refusal !== null) throw validationFailed('the credentials', [{ path: '/baseUrl', message: refusal }]);
  }

  async remove(name: string): Promise<void> {
    this.refuseFileDefined(name);
    const channels = await this.deps.attachedTo(name);
    if (channels.length > 0) {
      throw new AppError(
        'conflict',
        `credentials "${name}" are attached to the channel configuration(s) ${channels.join(', ')}; delete or change those first`,
      );
    }
    if (!(await this.deps.store.deleteCredentials(name)))
      throw new AppError('not_found', `no credentials named "${name}"`);
    await this.deps.changed();
  }

  /** The credentials with their plain secret, for sending; null when there are none by that name. */
  async resolve(name: string): Promise<Credentials | null> {
    const file = this.deps.files.find((candidate) => candidate.name === name);
    if (file) {
      const { secretEnv: variable, file: _path, ...fields } = file;
      const secret = this.deps.env[variable] ?? '';
      // Not configured until its secret is set: nothing is sent to the vendor without it.
      return secret === '' ? null : { ...fields, secret };
    }
    const stored = await this.deps.store.credentials(name);
    if (!stored || !this.deps.box) return null;
    const { sealedSecret, updatedAt: _at, updatedBy: _by, ...fields } = stored;
    return { ...fields, secret: this.deps.box.open(sealedSecret, name) };
  }

  private refuseFileDefined(name: string): void {
    const file = this.deps.files.find((candidate) => candidate.name === name);
    if (file)
      throw new AppError(
        'conflict',
        `credentials "${name}" are defined by the file ${file.file} and are read-only through the API; edit the file instead`,
      );
  }

  private seal(name: string, secret: string): string {
    if (!this.deps.box)
      throw new AppError(
        'conflict',
        'credentials cannot be stored: set OPTLINE_SECRET_KEY (openssl rand -base64 32) so secrets are encrypted at rest',
      );
    return this.deps.box.seal(secret, name);
  }

  private fileView(file: FileCredentials): CredentialsView {
    const secret = this.deps.env[file.secretEnv] ?? '';
    return {
      name: file.name,
      vendor: file.vendor,
      baseUrl: file.baseUrl,
      accountId: file.accountId,
      secret: redact(secret),
      secretSet: secret !== '',
      options: file.options,
      source: 'file',
      file: file.file,
      secretEnv: file.secretEnv,
      updatedAt: null,
      updatedBy: null,
    };
  }

  private storedView(record: StoredCredentials): CredentialsView {
    let secret = '********';
    try {
      if (this.deps.box) secret = redact(this.deps.box.open(record.sealedSecret, record.name));
    } catch {
      // Sealed under a key this process does not have: still redacted, never shown.
    }
    return {
      name: record.name,
      vendor: record.vendor,
      baseUrl: record.baseUrl,
      accountId: record.accountId,
      secret,
      secretSet: true,
      options: record.options,
      source: 'api',
      file: null,
      secretEnv: null,
      updatedAt: record.updatedAt,
      updatedBy: record.updatedBy,
    };
  }

  private nowIso(): string {
    return new Date(this.deps.now()).toISOString();
  }
}
