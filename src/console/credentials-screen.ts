// API credentials: list, create, edit, delete. The secret is write-only: the list shows it redacted, and an
// edit that leaves it empty keeps the stored one (the API's update without `secret`).
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, errorText } from './api-client.ts';
import { html, Notice, Problem } from './ui.ts';
import { VENDOR_CHOICES } from './webhook-draft.ts';
import { vendorLabel } from './webhooks-screen.ts';

interface CredentialsView {
  name: string;
  vendor: string;
  baseUrl: string;
  accountId: string;
  secret: string;
  options: Record<string, unknown>;
  source: 'file' | 'api';
  file: string | null;
}
interface Form {
  editing: boolean;
  name: string;
  vendor: string;
  baseUrl: string;
  accountId: string;
  secret: string;
  options: Record<string, unknown>;
}
const blank: Form = { editing: false, name: '', vendor: 'sinch', baseUrl: '', accountId: '', secret: '', options: {} };

export function CredentialsScreen() {
  const [list, setList] = useState<CredentialsView[] | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const load = async () => {
    try {
      setList((await call<{ credentials: CredentialsView[] }>('/api/credentials')).credentials);
    } catch (failure) {
      setError(`${errorText(failure)} Reload the page to try again.`);
    }
  };
  useEffect(() => void load(), []);

  const save = async (event: Event) => {
    event.preventDefault();
    if (form === null) return;
    setProblems({});
    setError('');
    const body: Record<string, unknown> = {
      name: form.name,
      vendor: form.vendor,
      baseUrl: form.baseUrl,
      accountId: form.accountId,
      options: form.options,
    };
    if (form.secret !== '' || !form.editing) body.secret = form.secret;
    try {
      await call(form.editing ? `/api/credentials/${encodeURIComponent(form.name)}` : '/api/credentials', {
        method: form.editing ? 'PUT' : 'POST',
        body,
      });
      setNotice(`Saved the credentials ${form.name}.`);
      setForm(null);
      await load();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length > 0) {
        const byField: Record<string, string[]> = {};
        for (const problem of failure.problems)
          (byField[problem.path.split('/')[1] ?? 'form'] ??= []).push(problem.message);
        setProblems(byField);
      } else setError(`The credentials were not saved: ${errorText(failure)}`);
    }
  };
  const remove = async (entry: CredentialsView) => {
    if (!window.confirm(`Delete the credentials ${entry.name}?`)) return;
    try {
      await call(`/api/credentials/${encodeURIComponent(entry.name)}`, { method: 'DELETE' });
      setNotice(`Deleted the credentials ${entry.name}.`);
      await load();
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  const input = (name: keyof Form, label: string, type = 'text', hint = '') => {
    const id = `credentials-${name}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input
        id=${id}
        type=${type}
        value=${String(form?.[name] ?? '')}
        disabled=${name === 'name' && form?.editing}
        autocomplete="off"
        onInput=${(event: Event) => form && setForm({ ...form, [name]: (event.target as HTMLInputElement).value })}
      />
      ${hint === '' ? null : html`<span class="hint">${hint}</span>`}
      <${Problem} messages=${problems[name]} />
    </div>`;
  };

  return html`<section aria-labelledby="credentials-title">
    <div class="title-row">
      <h1 id="credentials-title">API credentials</h1>
      <button type="button" onClick=${() => setForm({ ...blank })}>Create credentials</button>
    </div>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    <p class="status-line" role="status">${notice}</p>
    ${
      form === null
        ? null
        : html`<form class="card" onSubmit=${save} aria-label="Credentials">
            ${input('name', 'Credentials name')}
            <div class="field">
              <label for="credentials-vendor">Vendor</label>
              <select
                id="credentials-vendor"
                onChange=${(event: Event) => setForm({ ...form, vendor: (event.target as HTMLSelectElement).value })}
              >
                ${VENDOR_CHOICES.filter((choice) => choice.unavailable === undefined).map(
                  (choice) =>
                    html`<option value=${choice.id} selected=${choice.id === form.vendor}>${choice.label}</option>`,
                )}
              </select>
              <${Problem} messages=${problems.vendor} />
            </div>
            ${input('baseUrl', 'Base URL', 'text', 'The vendor endpoint, e.g. https://us.sms.api.sinch.com')}
            ${input('accountId', 'Account ID', 'text', 'Sinch service plan or project id, Infobip account')}
            ${input(
              'secret',
              'Secret',
              'password',
              form.editing
                ? 'Write-only: leave empty to keep the stored secret.'
                : 'Write-only: it is never shown again.',
            )}
            <${Problem} messages=${problems.form ?? problems[''] ?? problems.options} />
            <div class="actions">
              <button type="submit">Save credentials</button>
              <button type="button" onClick=${() => setForm(null)}>Cancel</button>
            </div>
          </form>`
    }
    ${
      list === null
        ? html`<p>Loading credentials...</p>`
        : list.length === 0
          ? html`<p>
              No credentials yet. Choose <strong>Create credentials</strong>: webhooks need them to send replies.
            </p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Vendor</th>
                  <th scope="col">Base URL</th>
                  <th scope="col">Account ID</th>
                  <th scope="col">Secret</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                ${list.map(
                  (entry) =>
                    html`<tr key=${entry.name} aria-label=${entry.name}>
                      <th scope="row">
                        ${entry.name}
                        ${entry.source === 'file' ? html`<div class="hint">Read-only: defined in ${entry.file}</div>` : null}
                      </th>
                      <td>${vendorLabel(entry.vendor)}</td>
                      <td>${entry.baseUrl}</td>
                      <td>${entry.accountId}</td>
                      <td><code>${entry.secret}</code></td>
                      <td class="actions">
                        ${
                          entry.source === 'file'
                            ? null
                            : html`<button
                                  type="button"
                                  onClick=${() => setForm({ ...entry, editing: true, secret: '' })}
                                >
                                  Edit
                                </button>
                                <button type="button" class="danger" onClick=${() => void remove(entry)}>
                                  Delete
                                </button>`
                        }
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}
