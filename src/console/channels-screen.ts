// Channel configurations: which credentials serve which sender numbers. List, create, edit, delete.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, errorText } from './api-client.ts';
import { html, Notice, Problem } from './ui.ts';

interface ChannelView {
  name: string;
  credentials: string;
  senderNumbers: string[];
  source: 'file' | 'api';
  file: string | null;
}
interface Form {
  editing: boolean;
  name: string;
  credentials: string;
  senderNumbers: string;
}

export function ChannelsScreen() {
  const [list, setList] = useState<ChannelView[] | null>(null);
  const [credentials, setCredentials] = useState<string[]>([]);
  const [form, setForm] = useState<Form | null>(null);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  const load = async () => {
    try {
      setList(
        (await call<{ channelConfigurations: ChannelView[] }>('/api/channel-configurations')).channelConfigurations,
      );
      setCredentials(
        (await call<{ credentials: { name: string }[] }>('/api/credentials')).credentials.map((c) => c.name),
      );
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
    const senderNumbers = form.senderNumbers
      .split(/[\s,]+/)
      .map((number) => number.trim())
      .filter((number) => number !== '');
    try {
      await call(
        form.editing ? `/api/channel-configurations/${encodeURIComponent(form.name)}` : '/api/channel-configurations',
        {
          method: form.editing ? 'PUT' : 'POST',
          body: { name: form.name, credentials: form.credentials, senderNumbers },
        },
      );
      setNotice(`Saved the channel configuration ${form.name}.`);
      setForm(null);
      await load();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length > 0) {
        const byField: Record<string, string[]> = {};
        for (const problem of failure.problems)
          (byField[problem.path.split('/')[1] ?? 'form'] ??= []).push(problem.message);
        setProblems(byField);
      } else setError(`The channel configuration was not saved: ${errorText(failure)}`);
    }
  };
  const remove = async (entry: ChannelView) => {
    if (!window.confirm(`Delete the channel configuration ${entry.name}?`)) return;
    try {
      await call(`/api/channel-configurations/${encodeURIComponent(entry.name)}`, { method: 'DELETE' });
      setNotice(`Deleted the channel configuration ${entry.name}.`);
      await load();
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return html`<section aria-labelledby="channels-title">
    <div class="title-row">
      <h1 id="channels-title">Channel configurations</h1>
      <button
        type="button"
        onClick=${() => setForm({ editing: false, name: '', credentials: credentials[0] ?? '', senderNumbers: '' })}
      >
        Create channel configuration
      </button>
    </div>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    <p class="status-line" role="status">${notice}</p>
    ${
      form === null
        ? null
        : html`<form class="card" onSubmit=${save} aria-label="Channel configuration">
            <div class="field">
              <label for="channel-name">Channel name</label>
              <input
                id="channel-name"
                value=${form.name}
                disabled=${form.editing}
                onInput=${(event: Event) => setForm({ ...form, name: (event.target as HTMLInputElement).value })}
              />
              <${Problem} messages=${problems.name} />
            </div>
            <div class="field">
              <label for="channel-credentials">API credentials</label>
              <select
                id="channel-credentials"
                onChange=${(event: Event) => setForm({ ...form, credentials: (event.target as HTMLSelectElement).value })}
              >
                ${credentials.map((name) => html`<option value=${name} selected=${name === form.credentials}>${name}</option>`)}
              </select>
              ${
                credentials.length === 0
                  ? html`<p class="hint">
                      No credentials yet: create them under <a href="#/credentials">API credentials</a>.
                    </p>`
                  : null
              }
              <${Problem} messages=${problems.credentials} />
            </div>
            <div class="field">
              <label for="channel-numbers">Sender numbers</label>
              <textarea
                id="channel-numbers"
                rows="2"
                value=${form.senderNumbers}
                onInput=${(event: Event) => setForm({ ...form, senderNumbers: (event.target as HTMLTextAreaElement).value })}
              ></textarea>
              <span class="hint">E.164 numbers or short codes, separated by commas or new lines.</span>
              <${Problem} messages=${problems.senderNumbers} />
            </div>
            <${Problem} messages=${problems.form ?? problems['']} />
            <div class="actions">
              <button type="submit">Save channel configuration</button>
              <button type="button" onClick=${() => setForm(null)}>Cancel</button>
            </div>
          </form>`
    }
    ${
      list === null
        ? html`<p>Loading channel configurations...</p>`
        : list.length === 0
          ? html`<p>
              No channel configurations yet. A webhook becomes active once one attaches its credentials to its sender
              number: choose <strong>Create channel configuration</strong>.
            </p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">API credentials</th>
                  <th scope="col">Sender numbers</th>
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
                      <td>${entry.credentials}</td>
                      <td>${entry.senderNumbers.join(', ')}</td>
                      <td class="actions">
                        ${
                          entry.source === 'file'
                            ? null
                            : html`<button
                                  type="button"
                                  onClick=${() =>
                                    setForm({
                                      editing: true,
                                      name: entry.name,
                                      credentials: entry.credentials,
                                      senderNumbers: entry.senderNumbers.join(', '),
                                    })}
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
