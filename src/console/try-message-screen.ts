// Try a message: what a webhook's rules would decide for a text (POST /api/classify), stored nowhere.
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from './api-client.ts';
import { html, Notice } from './ui.ts';
import type { WebhookView } from './webhooks-screen.ts';

interface Classification {
  category: string | null;
  rule: unknown;
  reply: string | null;
  explanation: unknown;
}

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

export function TryMessageScreen() {
  const [webhooks, setWebhooks] = useState<WebhookView[]>([]);
  const [webhookId, setWebhookId] = useState('');
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<Classification | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    void call<{ webhooks: WebhookView[] }>('/api/webhooks')
      .then((list) => {
        const receiving = list.webhooks.filter((webhook) => webhook.type !== 'feedback');
        setWebhooks(receiving);
        setWebhookId(receiving[0]?.id ?? '');
      })
      .catch((failure: unknown) => setError(errorText(failure)));
  }, []);

  const tryIt = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      setAnswer(await call<Classification>('/api/classify', { method: 'POST', body: { text, webhookId } }));
    } catch (failure) {
      setAnswer(null);
      setError(errorText(failure));
    }
  };

  return html`<section aria-labelledby="try-title">
    <h1 id="try-title">Try a message</h1>
    <p>Nothing is stored and no reply is sent.</p>
    ${
      webhooks.length === 0 && error === ''
        ? html`<p>No inbound webhook yet: create one under <a href="#/webhooks">SMS Webhooks</a> first.</p>`
        : null
    }
    <form onSubmit=${tryIt}>
      <div class="field">
        <label for="try-webhook">Webhook</label>
        <select id="try-webhook" onChange=${(event: Event) => setWebhookId((event.target as HTMLSelectElement).value)}>
          ${webhooks.map((webhook) => html`<option value=${webhook.id} selected=${webhook.id === webhookId}>${webhook.name}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="try-text">Message text</label>
        <input
          id="try-text"
          value=${text}
          onInput=${(event: Event) => setText((event.target as HTMLInputElement).value)}
        />
      </div>
      <button type="submit" disabled=${webhookId === ''}>Try it</button>
    </form>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    ${
      answer === null
        ? null
        : html`<dl class="card" aria-label="Classification">
            <dt>Category</dt>
            <dd>${answer.category ?? 'none (no keyword matched)'}</dd>
            <dt>Rule</dt>
            <dd>${shown(answer.rule)}</dd>
            <dt>Reply</dt>
            <dd>${answer.reply ?? 'no reply'}</dd>
            <dt>Explanation</dt>
            <dd><pre>${shown(answer.explanation)}</pre></dd>
          </dl>`
    }
  </section>`;
}
