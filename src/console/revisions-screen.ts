// Revisions: a webhook's revisions with author and time, and the line diff between any two of them.
import { useEffect, useState } from 'preact/hooks';
import { call, errorText } from './api-client.ts';
import { lineDiff } from './line-diff.ts';
import { html, Notice, when } from './ui.ts';

/** Each line of the diff starts with what happened to it; the newline is in the text (htm drops bare ones). */
const DIFF_MARK = { added: '+ ', removed: '- ', same: '  ' } as const;

interface Revision {
  revision: number;
  at: string;
  author: string;
  content: string | null;
  deleted: boolean;
}

export function RevisionsScreen(props: { id: string }) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [error, setError] = useState('');
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);

  useEffect(() => {
    void call<{ revisions: Revision[] }>(`/api/webhooks/${encodeURIComponent(props.id)}/revisions`)
      .then((answer) => {
        setRevisions(answer.revisions);
        const last = answer.revisions.at(-1)?.revision ?? 0;
        setTo(last);
        setFrom(answer.revisions.at(-2)?.revision ?? last);
      })
      .catch((failure: unknown) => setError(`${errorText(failure)} Go back to SMS Webhooks and pick another.`));
  }, [props.id]);

  const contentOf = (revision: number) => revisions?.find((entry) => entry.revision === revision)?.content ?? '';
  const choose = (label: string, id: string, value: number, set: (revision: number) => void) =>
    html`<label for=${id}>${label}</label>
      <select id=${id} onChange=${(event: Event) => set(Number((event.target as HTMLSelectElement).value))}>
        ${revisions?.map(
          (entry) =>
            html`<option value=${entry.revision} selected=${entry.revision === value}>${entry.revision}</option>`,
        )}
      </select>`;

  return html`<section aria-labelledby="revisions-title">
    <h1 id="revisions-title">Revisions of ${props.id}</h1>
    <p><a href="#/webhooks">Back to SMS Webhooks</a></p>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    ${
      revisions === null
        ? null
        : revisions.length === 0
          ? html`<p>No revisions: this webhook is defined by a rule file, whose history is in version control.</p>`
          : html`<table>
                <thead>
                  <tr>
                    <th scope="col">Revision</th>
                    <th scope="col">Author</th>
                    <th scope="col">Time</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  ${revisions.map(
                    (entry) =>
                      html`<tr key=${entry.revision}>
                        <td>${entry.revision}</td>
                        <td>${entry.author}</td>
                        <td>${when(entry.at)}</td>
                        <td>${entry.deleted ? 'deleted' : entry.revision === 1 ? 'created' : 'edited'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              <div class="inline">
                ${choose('From revision', 'diff-from', from, setFrom)} ${choose('To revision', 'diff-to', to, setTo)}
              </div>
              <pre class="diff" aria-label="Revision diff">
${lineDiff(contentOf(from), contentOf(to)).map(
                  (line) => html`<span class=${line.kind}>${`${DIFF_MARK[line.kind]}${line.text}\n`}</span>`,
                )}</pre>`
    }
  </section>`;
}
