// Consent: look a number up. Its state per sender number with the history that led there (message, rule,
// revision), and the replies it was sent with their delivery status; the history exports as CSV, and the
// evidence (GET /api/consents/<number>/evidence, with its hash chain verified) downloads as JSON.
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from './api-client.ts';
import { html, Notice, when } from './ui.ts';

interface HistoryEntry {
  at: string;
  webhookId: string;
  requestId: string;
  text: unknown;
  category: string | null;
  keyword: string | null;
  from: string | null;
  to: string | null;
  reason: string | null;
  ruleRevision: { id: string; version: string; apiRevision?: number };
  /** Set when a reviewer's decision made the change. */
  review?: { by: string; note: string | null };
}
interface ConsentView {
  senderNumber: string;
  state: string;
  changedAt: string | null;
  history: HistoryEntry[];
}
interface EventView {
  requestId: string;
  webhookId: string;
  reply: { text: string } | null;
  outboxId: string | null;
}
interface MessageView {
  state: string | null;
  status: string | null;
}
/** A history entry with the reply it caused and that reply's delivery status. */
interface Row extends HistoryEntry {
  reply: string;
  delivery: string;
}

const messageText = (text: unknown) => (typeof text === 'string' ? text : JSON.stringify(text));

async function rowsOf(number: string, consents: ConsentView[]): Promise<Map<string, Row[]>> {
  const events = (
    await call<{ events: EventView[] }>(`/api/events?profileNumber=${encodeURIComponent(number)}&limit=1000`)
  ).events;
  const replies = new Map(events.map((event) => [`${event.webhookId} ${event.requestId}`, event]));
  const statuses = new Map<string, string>();
  for (const event of events) {
    if (event.outboxId === null) continue;
    const message = await call<MessageView>(`/api/messages/${encodeURIComponent(event.outboxId)}`).catch(() => null);
    statuses.set(event.outboxId, message === null ? 'unknown' : (message.status ?? message.state ?? 'queued'));
  }
  const rows = new Map<string, Row[]>();
  for (const consent of consents) {
    rows.set(
      consent.senderNumber,
      consent.history.map((entry) => {
        const event = replies.get(`${entry.webhookId} ${entry.requestId}`);
        const outbox = event?.outboxId ?? null;
        return {
          ...entry,
          reply: event?.reply?.text ?? '',
          delivery: outbox === null ? '' : (statuses.get(outbox) ?? ''),
        };
      }),
    );
  }
  return rows;
}

function csvOf(number: string, rows: Map<string, Row[]>): string {
  const cell = (value: unknown) => `"${String(value ?? '').replaceAll('"', '""')}"`;
  const header = [
    'profileNumber',
    'senderNumber',
    'at',
    'message',
    'category',
    'keyword',
    'from',
    'to',
    'rule',
    'version',
    'revision',
    'reply',
    'delivery',
  ];
  const lines = [header.join(',')];
  for (const [sender, entries] of rows)
    for (const entry of entries)
      lines.push(
        [
          number,
          sender,
          entry.at,
          messageText(entry.text),
          entry.category,
          entry.keyword,
          entry.from,
          entry.to,
          entry.ruleRevision.id,
          entry.ruleRevision.version,
          entry.ruleRevision.apiRevision ?? '',
          entry.reply,
          entry.delivery,
        ]
          .map(cell)
          .join(','),
      );
  return `${lines.join('\r\n')}\r\n`;
}

export function ConsentScreen(props: { number: string }) {
  const [number, setNumber] = useState(props.number);
  const [result, setResult] = useState<{ number: string; consents: ConsentView[]; rows: Map<string, Row[]> } | null>(
    null,
  );
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const lookUp = async (wanted: string) => {
    setError('');
    setBusy(true);
    try {
      const answer = await call<{ profileNumber: string; consents: ConsentView[] }>(
        `/api/consents/${encodeURIComponent(wanted.trim())}`,
      );
      setResult({
        number: answer.profileNumber,
        consents: answer.consents,
        rows: await rowsOf(answer.profileNumber, answer.consents),
      });
    } catch (failure) {
      setResult(null);
      setError(`${errorText(failure)} Enter the number in E.164 form, e.g. +15551234567.`);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (props.number !== '') void lookUp(props.number);
  }, []);

  const exportCsv = () => {
    if (result === null) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csvOf(result.number, result.rows)], { type: 'text/csv' }));
    link.download = `consent-${result.number.replace(/\D/g, '')}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  const downloadEvidence = async () => {
    if (result === null) return;
    setError('');
    try {
      const evidence = await call<unknown>(`/api/consents/${encodeURIComponent(result.number)}/evidence`);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(
        new Blob([`${JSON.stringify(evidence, null, 2)}\n`], { type: 'application/json' }),
      );
      link.download = `consent-evidence-${result.number.replace(/\D/g, '')}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return html`<section aria-labelledby="consent-title">
    <h1 id="consent-title">Consent</h1>
    <form
      class="inline"
      onSubmit=${(event: Event) => {
        event.preventDefault();
        void lookUp(number);
      }}
    >
      <label for="consent-number">Phone number</label>
      <input
        id="consent-number"
        placeholder="+15551234567"
        value=${number}
        onInput=${(event: Event) => setNumber((event.target as HTMLInputElement).value)}
      />
      <button type="submit" disabled=${busy || number.trim() === ''}>Look up</button>
    </form>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    ${
      result === null
        ? null
        : html`<div aria-live="polite" aria-label="Consent of ${result.number}">
            ${
              result.consents.length === 0
                ? html`<p class="consent-state">
                    No consent recorded for ${result.number}: it has never opted in or out.
                  </p>`
                : html`<p>
                      <button type="button" onClick=${exportCsv}>Export CSV</button>
                      <button type="button" onClick=${() => void downloadEvidence()}>Download evidence</button>
                    </p>
                    ${result.consents.map((consent) => ConsentCard({ consent, rows: result.rows.get(consent.senderNumber) ?? [] }))}`
            }
          </div>`
    }
  </section>`;
}

function ConsentCard(props: { consent: ConsentView; rows: Row[] }) {
  const { consent } = props;
  const sender = consent.senderNumber === '*' ? 'every sender (global)' : consent.senderNumber;
  return html`<article class="card" key=${consent.senderNumber} aria-label=${`Sender ${sender}`}>
    <h2>Sender ${sender}</h2>
    <p class="consent-state">
      State: <strong>${consent.state}</strong> ${consent.changedAt ? `since ${when(consent.changedAt)}` : ''}
    </p>
    <table>
      <caption>
        History
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Message</th>
          <th scope="col">Decision</th>
          <th scope="col">Rule</th>
          <th scope="col">Revision</th>
          <th scope="col">Reply</th>
          <th scope="col">Delivery</th>
        </tr>
      </thead>
      <tbody>
        ${props.rows.map(
          (row) =>
            html`<tr key=${row.requestId}>
              <td>${when(row.at)}</td>
              <td>${messageText(row.text)}</td>
              <td>
                ${row.category ?? 'no keyword'}${row.keyword ? ` (${row.keyword})` : ''}: ${row.from ?? 'none'} →
                ${row.to ?? 'none'}
                ${row.review ? html`<br />Decided by ${row.review.by}${row.review.note ? `: ${row.review.note}` : ''}` : null}
              </td>
              <td>${row.ruleRevision.id} ${row.ruleRevision.version}</td>
              <td>${row.ruleRevision.apiRevision ?? 'file'}</td>
              <td>${row.reply}</td>
              <td>${row.delivery}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </article>`;
}
