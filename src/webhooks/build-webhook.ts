// A loaded rule file to a runnable webhook: its vendor (native, or Custom from its payload template),
// its URL secret (created once, kept in the store) and how its callbacks authenticate. `apiRevision` is the
// admin API's revision number of a webhook managed through the API (null for a rule file).
import { randomBytes } from 'node:crypto';
import { compileTemplate } from '../template/compile-template.ts';
import { customExtractor, vendorDefinition } from '../vendors/vendor-registry.ts';
import type { WebhookDefinition } from '../rules/webhook-definition.ts';
import type { Store } from '../store/store.ts';
import { authenticationFor, verificationOf } from './callback-authenticator.ts';
import type { WebhookRuntime } from './webhook-runtime.ts';

export function newWebhookSecret(): string {
  return randomBytes(32).toString('base64url');
}

export async function buildWebhook(
  definition: WebhookDefinition,
  store: Store,
  env: NodeJS.ProcessEnv,
  apiRevision: number | null = null,
): Promise<WebhookRuntime> {
  const kind = definition.type ?? undefined;
  let extractor = vendorDefinition(definition.vendor).extractor;
  let expectsSnsEnvelope = false;
  if (extractor === null) {
    const { text, source } = requiredTemplate(definition);
    const template = compileTemplate(text, { kind, source, statusMap: definition.statusMap });
    expectsSnsEnvelope = template.expectsSnsEnvelope;
    extractor = customExtractor(template);
  }
  const secret = await store.webhookSecret(definition.id, newWebhookSecret);
  await store.recordRuleContent(definition.contentHash, definition.content);
  return {
    summary: {
      id: definition.id,
      name: definition.name,
      description: definition.description,
      vendor: definition.vendor,
      type: definition.type,
      version: definition.version,
      contentHash: definition.contentHash,
      file: definition.file,
      source: apiRevision === null ? 'file' : 'api',
      revision: apiRevision,
      credentials: definition.credentials,
      senderNumber: definition.senderNumber,
      consentScope: definition.consentScope,
      verification: verificationOf(definition.verify),
      templateWarnings: definition.warnings.map(({ line, column, message }) => `${line}:${column}: ${message}`),
    },
    target: {
      id: definition.id,
      kind,
      // Only a feedback webhook may lack a sender number, and it records no inbound message (ingestCallback
      // refuses one from a webhook without a classifier): its target's sender number is never read.
      senderNumber: definition.senderNumber ?? '',
      consentScope: definition.consentScope,
      doubleOptInExpiresAfterDays: definition.doubleOptInExpiresAfterDays,
      revision: {
        id: definition.id,
        version: definition.version,
        contentHash: definition.contentHash,
        ...(apiRevision === null ? {} : { apiRevision }),
      },
      classifier: definition.classifier,
      extract: (payload, extractKind) => extractor.extract(payload, extractKind),
    },
    secret,
    expectsSnsEnvelope,
    ...authenticationFor(definition.id, definition.verify, env),
    send: definition.send,
    handshakes: definition.payloadTemplate === null ? null : { snsAutoConfirm: definition.sns.autoConfirm },
  };
}

function requiredTemplate(definition: WebhookDefinition): { text: string; source: string } {
  if (!definition.payloadTemplate)
    throw new Error(`${definition.vendor} webhook ${definition.id} has no payload template`);
  return definition.payloadTemplate;
}
