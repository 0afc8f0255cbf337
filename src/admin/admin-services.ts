// Builds the administration side from its parts: the live webhook directory (rule files, then the webhooks
// managed through the API), credentials and channel configurations (files, then the admin store), and keeps
// the directory's attachments current whenever credentials or channels change.
import type { OutboundPolicy } from '../send/outbound-policy.ts';
import type { SecretBox } from '../credentials/secret-box.ts';
import type { WebhookDefinition } from '../rules/webhook-definition.ts';
import type { Store } from '../store/store.ts';
import { buildWebhook } from '../webhooks/build-webhook.ts';
import { LiveWebhookDirectory } from '../webhooks/live-webhook-directory.ts';
import type { AdminFiles } from './admin-files.ts';
import type { AdminStore } from './admin-store.ts';
import { ChannelAdmin } from './channel-admin.ts';
import { CredentialsAdmin } from './credentials-admin.ts';
import { WebhookAdmin } from './webhook-admin.ts';

export interface AdminServices {
  directory: LiveWebhookDirectory;
  webhooks: WebhookAdmin;
  credentials: CredentialsAdmin;
  channels: ChannelAdmin;
  adminStore: AdminStore;
  /** OPTLINE_RULES: file-defined webhooks are shown by their path relative to it. */
  rulesDir: string;
  /** Why some stored webhooks could not be loaded at start. */
  warnings: string[];
  /** Re-reads credentials and channel configurations into the directory. */
  refresh(): Promise<void>;
  /** Picks up what another instance sharing the admin store changed: webhooks, credentials, channels. */
  sync(): Promise<string[]>;
}

export interface AdminServicesOptions {
  rulesDir: string;
  definitions: WebhookDefinition[];
  files: AdminFiles;
  store: Store;
  adminStore: AdminStore;
  box: SecretBox | null;
  env: NodeJS.ProcessEnv;
  now?: () => number;
  /** OPTLINE_OUTBOUND_ALLOW, which credentials' baseUrl is checked against when saved. */
  outbound: OutboundPolicy;
}

export async function startAdminServices(options: AdminServicesOptions): Promise<AdminServices> {
  const now = options.now ?? Date.now;
  const directory = new LiveWebhookDirectory(
    await Promise.all(options.definitions.map((definition) => buildWebhook(definition, options.store, options.env))),
  );
  const refresh = async () => {
    directory.setAttachments({ credentials: await credentials.names(), channels: await channels.all() });
  };
  const channels: ChannelAdmin = new ChannelAdmin({
    files: options.files.channels,
    store: options.adminStore,
    now,
    credentialNames: () => credentials.names(),
    changed: refresh,
  });
  const credentials: CredentialsAdmin = new CredentialsAdmin({
    files: options.files.credentials,
    store: options.adminStore,
    box: options.box,
    env: options.env,
    now,
    attachedTo: async (name) =>
      (await channels.all()).filter((channel) => channel.credentials === name).map((channel) => channel.name),
    changed: refresh,
    outbound: options.outbound,
  });
  const fileWebhooks = new Map(
    options.definitions.map((definition) => [definition.id, definition.file ?? definition.id]),
  );
  const webhooks = new WebhookAdmin({
    adminStore: options.adminStore,
    store: options.store,
    directory,
    rulesDir: options.rulesDir,
    fileWebhooks,
    env: options.env,
    now,
  });
  const warnings = await webhooks.loadStored();
  await refresh();
  const sync = async () => {
    const problems = await webhooks.sync();
    await refresh();
    return problems;
  };
  return {
    directory,
    webhooks,
    credentials,
    channels,
    adminStore: options.adminStore,
    rulesDir: options.rulesDir,
    warnings,
    refresh,
    sync,
  };
}
