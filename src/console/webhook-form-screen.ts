// Create/Edit webhook: the form over a rule file (webhook-draft.ts). Submit sends the rule file to the API;
// every problem the API lists appears next to the field its JSON pointer names.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, errorText } from './api-client.ts';
import { KeywordChips } from './keyword-chips.ts';
import { PayloadEditor } from './payload-editor.ts';
import { Simulation } from './simulation.ts';
import { html, Notice, Problem } from './ui.ts';
import {
  CATEGORIES,
  draftOf,
  fieldOfProblem,
  isTyped,
  newDraft,
  receivesMessages,
  ruleFileOf,
  VENDOR_CHOICES,
  type CategoryKey,
  type WebhookDraft,
} from './webhook-draft.ts';

interface CredentialsView {
  name: string;
  vendor: string;
}
interface WebhookDetail {
  source: 'file' | 'api';
  file: string | null;
  revisions: { content: string | null }[];
}
type Problems = Record<string, string[]>;

export function WebhookFormScreen(props: { id: string | null }) {
  const [draft, setDraft] = useState<WebhookDraft | null>(props.id === null ? newDraft() : null);
  const [credentials, setCredentials] = useState<CredentialsView[]>([]);
  const [category, setCategory] = useState<CategoryKey>('optIn');
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState('');
  const [editorOpen, setEditorOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call<{ credentials: CredentialsView[] }>('/api/credentials')
      .then((answer) => setCredentials(answer.credentials))
      .catch((failure: unknown) => setError(`The credentials could not be listed: ${errorText(failure)}`));
    if (props.id === null) return;
    void call<WebhookDetail>(`/api/webhooks/${encodeURIComponent(props.id)}`)
      .then((webhook) => {
        const content = webhook.revisions.at(-1)?.content;
        if (webhook.source === 'file' || typeof content !== 'string')
          return setError(`This webhook is defined in the file ${webhook.file ?? ''}: change it there.`);
        setDraft(draftOf(content));
      })
      .catch((failure: unknown) => setError(`${errorText(failure)} Go back to SMS Webhooks and pick another.`));
  }, [props.id]);

  if (draft === null)
    return html`<section>
      <h1>Edit webhook</h1>
      ${error === '' ? html`<p>Loading...</p>` : html`<${Notice} kind="error">${error}<//>`}
    </section>`;

  const update = (change: Partial<WebhookDraft>) => setDraft({ ...draft, ...change });
  const value = (event: Event) => (event.target as HTMLInputElement).value;
  const ofVendor = credentials.filter((entry) => entry.vendor === draft.vendor);
  const inbound = receivesMessages(draft);
  const required = inbound;

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    const ruleFile = ruleFileOf(draft);
    if (!ruleFile.ok) return setProblems({ [fieldOfProblem(ruleFile)]: [ruleFile.message] });
    setProblems({});
    setBusy(true);
    try {
      await call(draft.id === null ? '/api/webhooks' : `/api/webhooks/${encodeURIComponent(draft.id)}`, {
        method: draft.id === null ? 'POST' : 'PUT',
        body: ruleFile.text,
      });
      window.location.hash = '#/webhooks';
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length > 0) {
        const byField: Problems = {};
        for (const problem of failure.problems) {
          const field = fieldOfProblem(problem);
          const where = field === 'form' && problem.path !== '' ? `${problem.path}: ` : '';
          (byField[field] ??= []).push(`${where}${problem.message}`);
        }
        setProblems(byField);
        setError('The webhook was not saved: fix the problems shown next to the fields, then Submit again.');
      } else setError(`The webhook was not saved: ${errorText(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: string) => problems[name];
  const described = (name: string) => (problems[name] === undefined ? undefined : `${name}-problem`);
  const categoryProblems = CATEGORIES.flatMap(({ key, label }) =>
    key === category
      ? (problems[`keywords.${key}`] ?? [])
      : (problems[`keywords.${key}`] ?? []).map((p) => `${label}: ${p}`),
  );

  return html`<section aria-labelledby="form-title">
    <h1 id="form-title">${draft.id === null ? 'Create webhook' : `Edit webhook ${draft.name}`}</h1>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    <form class="webhook-form" onSubmit=${submit} novalidate>
      <div class="field">
        <label for="webhook-name">Name</label>
        <input
          id="webhook-name"
          required
          value=${draft.name}
          aria-describedby=${described('name')}
          onInput=${(event: Event) => update({ name: value(event) })}
        />
        <${Problem} id="name-problem" messages=${field('name') ?? field('id')} />
      </div>
      <div class="field">
        <label for="webhook-vendor">SMS vendor</label>
        <select
          id="webhook-vendor"
          disabled=${draft.id !== null}
          aria-describedby="vendor-hint"
          onChange=${(event: Event) => update({ vendor: value(event), credentials: '' })}
        >
          ${VENDOR_CHOICES.map(
            (choice) =>
              html`<option
                value=${choice.id}
                selected=${choice.id === draft.vendor}
                disabled=${choice.unavailable !== undefined}
              >
                ${choice.label}${choice.unavailable === undefined ? '' : ' (not available)'}
              </option>`,
          )}
        </select>
        <p class="hint" id="vendor-hint">
          ${VENDOR_CHOICES.filter((choice) => choice.unavailable !== undefined).map(
            (choice) => html`${choice.label}: ${choice.unavailable} `,
          )}
        </p>
        <${Problem} messages=${field('vendor')} />
      </div>
      ${
        isTyped(draft.vendor)
          ? html`<div class="field">
              <label for="webhook-type">Type</label>
              <select
                id="webhook-type"
                disabled=${draft.id !== null}
                onChange=${(event: Event) => update({ type: value(event) === 'feedback' ? 'feedback' : 'inbound' })}
              >
                <option value="inbound" selected=${draft.type === 'inbound'}>Inbound</option>
                <option value="feedback" selected=${draft.type === 'feedback'}>Feedback</option>
              </select>
              <${Problem} messages=${field('type')} />
            </div>`
          : null
      }
      <div class="field">
        <label for="webhook-credentials">API credentials</label>
        <select
          id="webhook-credentials"
          aria-describedby=${described('credentials')}
          onChange=${(event: Event) => update({ credentials: value(event) })}
        >
          <option value="" selected=${draft.credentials === ''}>${required ? 'Choose credentials' : 'None'}</option>
          ${ofVendor.map(
            (entry) =>
              html`<option value=${entry.name} selected=${entry.name === draft.credentials}>${entry.name}</option>`,
          )}
        </select>
        ${
          ofVendor.length === 0
            ? html`<p class="hint">
                No credentials for this vendor yet: add them under <a href="#/credentials">API credentials</a>.
              </p>`
            : null
        }
        <${Problem} id="credentials-problem" messages=${field('credentials')} />
      </div>
      <div class="field">
        <label for="webhook-sender">Sender phone number</label>
        <input
          id="webhook-sender"
          placeholder="+15550100"
          value=${draft.senderNumber}
          aria-describedby=${described('senderNumber')}
          onInput=${(event: Event) => update({ senderNumber: value(event) })}
        />
        <span class="hint">${required ? 'Required: E.164 or a short code.' : 'Optional for feedback webhooks.'}</span>
        <${Problem} id="senderNumber-problem" messages=${field('senderNumber')} />
      </div>
      ${
        inbound
          ? html`<fieldset class="keywords">
              <legend>Keywords and replies</legend>
              <div class="field">
                <label for="keyword-category">Inbound keyword category</label>
                <select id="keyword-category" onChange=${(event: Event) => setCategory(value(event) as CategoryKey)}>
                  ${CATEGORIES.map(
                    ({ key, label }) => html`<option value=${key} selected=${key === category}>${label}</option>`,
                  )}
                </select>
              </div>
              <${KeywordChips}
                keywords=${draft.keywords[category]}
                single=${category === 'custom'}
                onChange=${(keywords: string[]) => update({ keywords: { ...draft.keywords, [category]: keywords } })}
              />
              <div class="field">
                <label for="reply-message">Reply message</label>
                <textarea
                  id="reply-message"
                  rows="2"
                  value=${draft.replies[category]}
                  onInput=${(event: Event) => update({ replies: { ...draft.replies, [category]: value(event) } })}
                ></textarea>
              </div>
              ${
                category === 'optOut'
                  ? html`<div class="field switch">
                        <label for="fuzzy-logic">Fuzzy logic</label>
                        <input
                          id="fuzzy-logic"
                          type="checkbox"
                          role="switch"
                          checked=${draft.fuzzyEnabled}
                          onChange=${(event: Event) => update({ fuzzyEnabled: (event.target as HTMLInputElement).checked })}
                        />
                        <span class="hint">Near-misses of an opt-out keyword (typos) get the fuzzy auto response.</span>
                      </div>
                      <div class="field">
                        <label for="fuzzy-reply">Fuzzy auto response</label>
                        <textarea
                          id="fuzzy-reply"
                          rows="2"
                          value=${draft.fuzzyReply}
                          onInput=${(event: Event) => update({ fuzzyReply: value(event) })}
                        ></textarea>
                      </div>`
                  : null
              }
              <${Problem} messages=${categoryProblems} />
              <div class="field">
                <label for="default-reply">Default reply message</label>
                <textarea
                  id="default-reply"
                  rows="2"
                  value=${draft.defaultReply}
                  onInput=${(event: Event) => update({ defaultReply: value(event) })}
                ></textarea>
                <${Problem} messages=${field('defaultReply')} />
              </div>
            </fieldset>`
          : null
      }
      ${
        draft.vendor === 'custom'
          ? html`<fieldset class="payload">
              <legend>Payload template</legend>
              <button type="button" aria-expanded=${editorOpen} onClick=${() => setEditorOpen(!editorOpen)}>
                ${editorOpen ? 'Hide payload editor' : 'View payload editor'}
              </button>
              ${
                editorOpen
                  ? html`<${PayloadEditor}
                      kind=${draft.type}
                      value=${draft.payload}
                      problems=${field('payload')}
                      onChange=${(payload: string) => setDraft((current) => (current === null ? current : { ...current, payload }))}
                    />`
                  : html`<${Problem} messages=${field('payload')} />`
              }
            </fieldset>`
          : null
      }
      <${Problem}
        messages=${Object.entries(problems)
          .filter(([name]) => !KNOWN_FIELDS.has(name) && !name.startsWith('keywords.'))
          .flatMap(([, messages]) => messages)}
      />
      ${draft.id === null ? null : html`<${Simulation} webhookId=${draft.id} ruleFile=${() => ruleFileOf(draft)} />`}
      <div class="actions">
        <button type="submit" disabled=${busy}>Submit</button>
        <a href="#/webhooks">Cancel</a>
      </div>
    </form>
  </section>`;
}

const KNOWN_FIELDS = new Set([
  'name',
  'id',
  'vendor',
  'type',
  'credentials',
  'senderNumber',
  'defaultReply',
  'payload',
]);
