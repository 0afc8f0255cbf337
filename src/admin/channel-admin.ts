// Channel configurations {name, credentials, senderNumbers}: which credentials serve which sender numbers.
// Declared in files (read-only) or managed through the API; a webhook takes effect once one attaches it.
import { AppError } from '../errors.ts';
import { ADMIN_NAME_PATTERN } from './admin-names.ts';
import type { FileChannel } from './admin-files.ts';
import type { AdminStore, ChannelConfiguration, StoredChannel } from './admin-store.ts';
import { checkChannelBody } from './channel-input.ts';
import { isRecord } from '../json/is-record.ts';
import { validationFailed } from './field-problem.ts';

export interface ChannelView extends ChannelConfiguration {
  source: 'file' | 'api';
  file: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

const nullableString = { type: ['string', 'null'] } as const;

/** What the API shows of a channel configuration (ChannelView), for the OpenAPI document. */
export const CHANNEL_VIEW_SCHEMA = {
  type: 'object',
  required: ['name', 'credentials', 'senderNumbers', 'source', 'file', 'updatedAt', 'updatedBy'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    credentials: { type: 'string' },
    senderNumbers: { type: 'array', items: { type: 'string' } },
    source: { enum: ['file', 'api'] },
    file: nullableString,
    updatedAt: nullableString,
    updatedBy: nullableString,
  },
} as const;

export interface ChannelAdminDeps {
  files: FileChannel[];
  store: AdminStore;
  now: () => number;
  credentialNames: () => Promise<Set<string>>;
  changed: () => Promise<void>;
}

export class ChannelAdmin {
  constructor(private readonly deps: ChannelAdminDeps) {}

  async list(): Promise<ChannelView[]> {
    const fromFiles = this.deps.files.map(fileView);
    const fileNames = new Set(fromFiles.map((view) => view.name));
    const stored = (await this.deps.store.listChannels()).filter((record) => !fileNames.has(record.name));
    return [...fromFiles, ...stored.map(storedView)].sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<ChannelView> {
    const file = this.deps.files.find((candidate) => candidate.name === name);
    if (file) return fileView(file);
    const stored = await this.deps.store.channel(name);
    if (!stored) throw new AppError('not_found', `no channel configuration named "${name}"`);
    return storedView(stored);
  }

  async create(body: unknown, author: string): Promise<ChannelView> {
    const channel = await this.check(body);
    this.refuseFileDefined(channel.name);
    const record: StoredChannel = { ...channel, updatedAt: this.nowIso(), updatedBy: author };
    if (!(await this.deps.store.saveChannel(record, 'create'))) {
      throw new AppError(
        'conflict',
        `a channel configuration named "${channel.name}" already exists; update it with PUT /api/channel-configurations/${channel.name}`,
      );
    }
    await this.deps.changed();
    return storedView(record);
  }

  async update(name: string, body: unknown, author: string): Promise<ChannelView> {
    this.refuseFileDefined(name);
    const channel = await this.check(isRecord(body) && body.name === undefined ? { ...body, name } : body);
    if (channel.name !== name)
      throw validationFailed('the channel configuration', [
        { path: '/name', message: `must be "${name}", the name in the URL (channel configurations cannot be renamed)` },
      ]);
    const record: StoredChannel = { ...channel, updatedAt: this.nowIso(), updatedBy: author };
    if (!(await this.deps.store.saveChannel(record, 'update')))
      throw new AppError('not_found', `no channel configuration named "${name}"`);
    await this.deps.changed();
    return storedView(record);
  }

  async remove(name: string): Promise<void> {
    this.refuseFileDefined(name);
    if (!(await this.deps.store.deleteChannel(name)))
      throw new AppError('not_found', `no channel configuration named "${name}"`);
    await this.deps.changed();
  }

  /** Every channel configuration, from files and the store (a file wins a name both define). */
  async all(): Promise<ChannelConfiguration[]> {
    return (await this.list()).map(({ name, credentials, senderNumbers }) => ({ name, credentials, senderNumbers }));
  }

  private async check(body: unknown): Promise<ChannelConfiguration> {
    const checked = checkChannelBody(body);
    const problems = checked.ok ? [] : [...checked.problems];
    const credentials = isRecord(body) ? body.credentials : undefined;
    if (
      typeof credentials === 'string' &&
      ADMIN_NAME_PATTERN.test(credentials) &&
      !(await this.deps.credentialNames()).has(credentials)
    ) {
      problems.push({ path: '/credentials', message: `no credentials named "${credentials}"; create them first` });
    }
    if (!checked.ok || problems.length > 0) throw validationFailed('the channel configuration', problems);
    return checked.value;
  }

  private refuseFileDefined(name: string): void {
    const file = this.deps.files.find((candidate) => candidate.name === name);
    if (file)
      throw new AppError(
        'conflict',
        `channel configuration "${name}" is defined by the file ${file.file} and is read-only through the API; edit the file instead`,
      );
  }

  private nowIso(): string {
    return new Date(this.deps.now()).toISOString();
  }
}

function fileView(file: FileChannel): ChannelView {
  return {
    name: file.name,
    credentials: file.credentials,
    senderNumbers: file.senderNumbers,
    source: 'file',
    file: file.file,
    updatedAt: null,
    updatedBy: null,
  };
}

function storedView(record: StoredChannel): ChannelView {
  return {
    name: record.name,
    credentials: record.credentials,
    senderNumbers: record.senderNumbers,
    source: 'api',
    file: null,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}
