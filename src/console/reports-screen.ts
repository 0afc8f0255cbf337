// Reports: per webhook and day, inbound messages by category, opt-outs and opt-ins, and how replies fared;
// as a chart (uPlot) with the numbers in a table beside it.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { call, errorText } from './api-client.ts';
import { html, Notice } from './ui.ts';
import type { WebhookView } from './webhooks-screen.ts';

interface Day {
  date: string;
  webhookId: string;
  inbound: Record<string, number>;
  optOuts: number;
  optIns: number;
  replies: { delivered: number; failed: number; pending: number };
}

const SERIES = [
  { label: 'Inbound', color: '#1f5fa8', of: (day: Day) => Object.values(day.inbound).reduce((sum, n) => sum + n, 0) },
  { label: 'Opt-outs', color: '#b3261e', of: (day: Day) => day.optOuts },
  { label: 'Opt-ins', color: '#2e7d32', of: (day: Day) => day.optIns },
  { label: 'Replies delivered', color: '#6a1b9a', of: (day: Day) => day.replies.delivered },
  { label: 'Replies failed', color: '#e65100', of: (day: Day) => day.replies.failed },
  { label: 'Replies pending', color: '#607d8b', of: (day: Day) => day.replies.pending },
];

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The days summed over webhooks when the report covers several. */
function byDate(days: Day[]): Day[] {
  const merged = new Map<string, Day>();
  for (const day of days) {
    const into = merged.get(day.date) ?? {
      date: day.date,
      webhookId: '',
      inbound: {},
      optOuts: 0,
      optIns: 0,
      replies: { delivered: 0, failed: 0, pending: 0 },
    };
    for (const [category, count] of Object.entries(day.inbound))
      into.inbound[category] = (into.inbound[category] ?? 0) + count;
    into.optOuts += day.optOuts;
    into.optIns += day.optIns;
    into.replies.delivered += day.replies.delivered;
    into.replies.failed += day.replies.failed;
    into.replies.pending += day.replies.pending;
    merged.set(day.date, into);
  }
  return [...merged.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Every day of the period, a day without messages as zeros, so the lines run through quiet days. */
function chartData(days: Day[], since: string, until: string): uPlot.AlignedData {
  const byDay = new Map(days.map((day) => [day.date, day]));
  const times: number[] = [];
  const values: number[][] = SERIES.map(() => []);
  const last = Date.parse(`${until}T00:00:00Z`);
  for (let at = Date.parse(`${since}T00:00:00Z`); at <= last && times.length < 400; at += 86_400_000) {
    const day = byDay.get(isoDay(new Date(at)));
    times.push(at / 1000);
    SERIES.forEach((series, index) => values[index]!.push(day === undefined ? 0 : series.of(day)));
  }
  return [times, ...values];
}

export function ReportsScreen() {
  const [webhooks, setWebhooks] = useState<WebhookView[]>([]);
  const [webhookId, setWebhookId] = useState('');
  const [since, setSince] = useState(isoDay(new Date(Date.now() - 13 * 86_400_000)));
  const [until, setUntil] = useState(isoDay(new Date()));
  const [days, setDays] = useState<Day[] | null>(null);
  const [error, setError] = useState('');
  const chart = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void call<{ webhooks: WebhookView[] }>('/api/webhooks')
      .then((list) => setWebhooks(list.webhooks))
      .catch((failure: unknown) => setError(errorText(failure)));
  }, []);
  useEffect(() => {
    const query = new URLSearchParams({ since, until, ...(webhookId === '' ? {} : { webhookId }) });
    void call<{ days: Day[] }>(`/api/reports/daily?${query.toString()}`)
      .then((answer) => {
        setDays(byDate(answer.days));
        setError('');
      })
      .catch((failure: unknown) => setError(`The report could not be read: ${errorText(failure)}`));
  }, [webhookId, since, until]);
  useEffect(() => {
    if (chart.current === null || days === null || days.length === 0) return;
    const plot = new uPlot(
      {
        width: Math.min(chart.current.clientWidth || 720, 900),
        height: 300,
        title: 'Messages per day',
        // The period asked for, so a single day does not stretch the axis over years.
        scales: { x: { time: true, range: () => [Date.parse(since) / 1000, Date.parse(until) / 1000 + 86_400] } },
        series: [{}, ...SERIES.map((series) => ({ label: series.label, stroke: series.color, width: 2 }))],
        axes: [{}, { label: 'messages' }],
      },
      chartData(days, since, until),
      chart.current,
    );
    return () => plot.destroy();
  }, [days]);

  const categories = [...new Set((days ?? []).flatMap((day) => Object.keys(day.inbound)))].sort();
  return html`<section aria-labelledby="reports-title">
    <h1 id="reports-title">Reports</h1>
    <div class="inline">
      <label for="report-webhook">Webhook</label>
      <select id="report-webhook" onChange=${(event: Event) => setWebhookId((event.target as HTMLSelectElement).value)}>
        <option value="">All webhooks</option>
        ${webhooks.map((webhook) => html`<option value=${webhook.id}>${webhook.name}</option>`)}
      </select>
      <label for="report-since">From</label>
      <input
        id="report-since"
        type="date"
        value=${since}
        onChange=${(event: Event) => setSince((event.target as HTMLInputElement).value)}
      />
      <label for="report-until">To</label>
      <input
        id="report-until"
        type="date"
        value=${until}
        onChange=${(event: Event) => setUntil((event.target as HTMLInputElement).value)}
      />
    </div>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    ${
      days !== null && days.length === 0
        ? html`<p>No messages in this period. Pick earlier dates, or send a message to a webhook first.</p>`
        : null
    }
    <div class="report">
      <div class="chart" ref=${chart} role="img" aria-label="Chart of messages per day"></div>
      ${
        days === null || days.length === 0
          ? null
          : html`<table aria-label="Messages per day">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  ${categories.map((category) => html`<th scope="col">Inbound ${category}</th>`)}
                  ${SERIES.slice(1).map((series) => html`<th scope="col">${series.label}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${days.map(
                  (day) =>
                    html`<tr key=${day.date}>
                      <th scope="row">${day.date}</th>
                      ${categories.map((category) => html`<td>${day.inbound[category] ?? 0}</td>`)}
                      ${SERIES.slice(1).map((series) => html`<td>${series.of(day)}</td>`)}
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </div>
  </section>`;
}
