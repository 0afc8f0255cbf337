// The admin storage port: API credentials, channel configurations and API-managed webhooks with every revision.
// Kept apart from the event store (its own SQLite file, its own admin_* Mongo collections). One adapter per
// backend; test/admin/admin-store-contract.ts holds the one suite both must pass.
import type { VendorId } from '../vendors/vendor-registry.ts';

export interface StoredCredentials {
  name: string;
  vendor: VendorId;
  baseUrl: string;
  accountId: string;
  /** The secret sealed by secret-box (context: the credentials' name); never the plain value. */
  sealedSecret: string;
  options: Record<string, unknown>;
  updatedAt: string;
  updatedBy: string;
}

export interface ChannelConfiguration {
  name: string;
  credentials: string;
  senderNumbers: string[];
}

export interface StoredChannel extends ChannelConfiguration {
  updatedAt: string;
  updatedBy: string;
}

/** One RFC 6902 operation of a revision's diff against the revision before it. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

export interface WebhookRevision {
  webhookId: string;
  /** 1, 2, ... per webhook; a deletion is a revision too, so numbers are never reused. */
  revision: number;
  at: string;
  author: string;
  diff: PatchOperation[];
  /** The rule file as the admin sent it; null for a deletion. */
  content: string | null;
}

/** A browser console sign-in, kept by the SHA-256 of its id: the cookie's value itself is never stored. */
export interface AdminSession {
  idHash: string;
  /** The label of the admin token signed in with: the author of the changes made in the session. */
  label: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface AdminStore {
  listCredentials(): Promise<StoredCredentials[]>;
  credentials(name: string): Promise<StoredCredentials | null>;
  /** 'create' is refused (false) when the name is taken, 'update' when it is absent. */
  saveCredentials(record: StoredCredentials, mode: 'create' | 'update'): Promise<boolean>;
  deleteCredentials(name: string): Promise<boolean>;

  listChannels(): Promise<StoredChannel[]>;
  channel(name: string): Promise<StoredChannel | null>;
  saveChannel(record: StoredChannel, mode: 'create' | 'update'): Promise<boolean>;
  deleteChannel(name: string): Promise<boolean>;

  /** Appends a revision; false when its number is already taken (a concurrent change came first). */
  appendWebhookRevision(revision: WebhookRevision): Promise<boolean>;
  /** Oldest first. */
  webhookRevisions(webhookId: string): Promise<WebhookRevision[]>;
  /** The latest revision of every webhook ever created, deleted ones included, by id. */
  latestWebhookRevisions(): Promise<WebhookRevision[]>;

  close(): Promise<void>;

  /** Creates a session (its idHash is new: a random id's hash). */
  saveSession(session: AdminSession): Promise<void>;
  /** The session, expired or not (the caller decides), or null. */
  session(idHash: string): Promise<AdminSession | null>;
  deleteSession(idHash: string): Promise<boolean>;
  /** Deletes every session whose expiresAt (ISO) is at or before `now`; answers how many. */
  purgeExpiredSessions(now: string): Promise<number>;
}
