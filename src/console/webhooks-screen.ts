// SMS Webhooks: every webhook with its vendor, type, status and URL; Copy webhook URL, Edit, Delete (after a
// confirmation) and Create webhook. File-defined webhooks are read-only here: they change in their file.
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, errorText } from './api-client.ts';
import { html, Notice } from './ui.ts';
import { VENDOR_CHOICES } from './webhook-draft.ts';

export interface WebhookView {
  id: string;
  name: string;
  vendor: string;
  type: 'inbound' | 'feedback' | null;
  source: 'file' | 'api';
  file: string | null;
  url: string;
  active: boolean;
  inactiveReason: string | null;
  warning: string | null;
  credentials: string | null;
  senderNumber: string | null;
}

export const vendorLabel = (vendor: string): string =>
  VENDOR_CHOICES.find((choice) => choice.id === vendor)?.label ?? vendor;

export function typeLabel(webhook: Pick<WebhookView, 'type'>): string {
  if (webhook.type === 'inbound') return 'Inbound';
  if (webhook.type === 'feedback') return 'Feedback';
  return 'Inbound and feedback';
}

export function WebhooksScreen() {
  const [webhooks, setWebhooks] = useState<WebhookView[] | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [deleting, setDeleting] = useState<WebhookView | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  const load = async () => {
    try {
      setWebhooks((await call<{ webhooks: WebhookView[] }>('/api/webhooks')).webhooks);
      setError('');
    } catch (failure) {
      setError(`${errorText(failure)} Reload the page to try again.`);
    }
  };
  useEffect(() => void load(), []);
  useEffect(() => {
    if (deleting !== null) dialog.current?.showModal();
    else dialog.current?.close();
  }, [deleting]);

  const copy = async (webhook: WebhookView) => {
    try {
      await navigator.clipboard.writeText(webhook.url);
      setNotice(`Copied the URL of ${webhook.name}.`);
    } catch {
      setNotice(`The browser refused the clipboard: select the URL of ${webhook.name} and copy it by hand.`);
    }
  };
  const remove = async (webhook: WebhookView) => {
    try {
      await call(`/api/webhooks/${encodeURIComponent(webhook.id)}`, { method: 'DELETE' });
      setDeleting(null);
      await load();
      setNotice(`Deleted ${webhook.name}; its URL answers 404 from now on.`);
    } catch (failure) {
      setDeleting(null);
      setError(errorText(failure));
    }
  };

  return html`<section aria-labelledby="webhooks-title">
    <div class="title-row">
      <h1 id="webhooks-title">SMS Webhooks</h1>
      <button type="button" onClick=${() => (window.location.hash = '#/webhooks/new')}>Create webhook</button>
    </div>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    <p class="status-line" role="status">${notice}</p>
    ${
      webhooks === null
        ? html`<p>Loading webhooks...</p>`
        : webhooks.length === 0
          ? html`<p>No webhooks yet. Choose <strong>Create webhook</strong> to add the first one.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Vendor</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">URL</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                ${webhooks.map((webhook) => WebhookRow({ webhook, copy, ask: setDeleting }))}
              </tbody>
            </table>`
    }
    <dialog ref=${dialog} aria-labelledby="delete-title" onClose=${() => setDeleting(null)}>
      ${
        deleting === null
          ? null
          : html`<h2 id="delete-title">Delete ${deleting.name}?</h2>
              <p>Its URL stops answering at once (404); its revisions and stored decisions are kept.</p>
              <div class="actions">
                <button type="button" class="danger" onClick=${() => void remove(deleting)}>Confirm delete</button>
                <button type="button" onClick=${() => setDeleting(null)}>Cancel</button>
              </div>`
      }
    </dialog>
  </section>`;
}

function WebhookRow(props: {
  webhook: WebhookView;
  copy: (webhook: WebhookView) => Promise<void>;
  ask: (webhook: WebhookView) => void;
}) {
  const { webhook } = props;
  const fromFile = webhook.source === 'file';
  return html`<tr key=${webhook.id} aria-label=${webhook.name}>
    <th scope="row">
      ${webhook.name}
      ${fromFile ? html`<div class="hint">Read-only: defined in the file ${webhook.file ?? 'a rule file'}</div>` : null}
    </th>
    <td>${vendorLabel(webhook.vendor)}</td>
    <td>${typeLabel(webhook)}</td>
    <td>
      ${
        webhook.active
          ? html`<span class="badge ok">active</span>`
          : html`<span class="badge off">inactive</span> <span class="hint">${webhook.inactiveReason}</span>`
      }
    </td>
    <td>
      <code class="url">${webhook.url}</code>
      <button type="button" onClick=${() => void props.copy(webhook)}>Copy webhook URL</button>
    </td>
    <td class="actions">
      ${
        fromFile
          ? null
          : html`<button
              type="button"
              onClick=${() => (window.location.hash = `#/webhooks/${encodeURIComponent(webhook.id)}/edit`)}
            >
              Edit
            </button>`
      }
      <a href=${`#/webhooks/${encodeURIComponent(webhook.id)}/revisions`}>Revisions</a>
      ${
        fromFile ? null : html`<button type="button" class="danger" onClick=${() => props.ask(webhook)}>Delete</button>`
      }
    </td>
  </tr>`;
}
