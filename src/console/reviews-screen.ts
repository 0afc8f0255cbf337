// Reviews: fuzzy opt-outs that did not opt the person out, to decide by hand (opt out, or dismiss) with a note.
// Resolved items stay listed with their decision, so a decision is never offered twice. Older services have no
// review queue: the console asks first (reviewsAvailable) and hides the screen.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, errorText } from './api-client.ts';
import { html, Notice, when } from './ui.ts';

interface Review {
  id: string;
  webhookId: string;
  receivedAt: string;
  consentKey: { senderNumber: string; profileNumber: string } | null;
  text: string;
  rule: string;
  keyword: string | null;
  state: 'open' | 'resolved';
  resolution: { decision: string; by: string; note: string | null } | null;
  consentNow: { state: string; changedSince: boolean };
}

/** Whether this service has the review queue (GET /api/reviews answers rather than "no such API route"). */
export async function reviewsAvailable(): Promise<boolean> {
  try {
    await call('/api/reviews?limit=1');
    return true;
  } catch (failure) {
    return !(failure instanceof ApiError && failure.status === 404);
  }
}

export function ReviewsScreen() {
  const [reviews, setReviews] = useState<Review[] | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  // Decided here (or found decided meanwhile): kept in view with the decision, newest first, and never also
  // listed as open (the open list is reloaded after the decision: until then it still holds the item).
  const [decided, setDecided] = useState<Review[]>([]);
  const keep = (review: Review) => setDecided((shown) => [review, ...shown.filter((old) => old.id !== review.id)]);

  const load = async () => {
    try {
      setReviews((await call<{ reviews: Review[] }>('/api/reviews?state=open')).reviews);
    } catch (failure) {
      setError(`${errorText(failure)} Reload the page to try again.`);
    }
  };
  useEffect(() => void load(), []);

  const decide = async (review: Review, decision: 'opt-out' | 'dismiss') => {
    setError('');
    try {
      const path = `/api/reviews/${encodeURIComponent(review.id)}`;
      keep(
        await call<Review>(path, {
          method: 'POST',
          body: { decision, note: notes[review.id] ?? '' },
        }),
      );
      await load();
      setNotice(decision === 'opt-out' ? 'Opted the person out; the opt-out reply is queued.' : 'Dismissed.');
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 409) {
        setError('This item was already decided (perhaps by another reviewer): its decision is shown below.');
        keep(await call<Review>(`/api/reviews/${encodeURIComponent(review.id)}`).catch(() => review));
        await load();
      } else setError(errorText(failure));
    }
  };

  return html`<section aria-labelledby="reviews-title">
    <h1 id="reviews-title">Reviews</h1>
    <p>Near-misses of an opt-out keyword that did not opt the person out: decide each one.</p>
    ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    <p class="status-line" role="status">${notice}</p>
    ${
      reviews === null
        ? html`<p>Loading reviews...</p>`
        : reviews.length === 0 && decided.length === 0
          ? html`<p>
              Nothing to review. A message that reads like an opt-out without its keyword (e.g. "please leave me alone")
              opens an item here; try one on Try a message to see how a text is classified.
            </p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Webhook</th>
                  <th scope="col">From</th>
                  <th scope="col">Message</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Consent now</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                ${[...reviews.filter((open) => !decided.some((done) => done.id === open.id)), ...decided].map(
                  (review) =>
                    html`<tr
                      key=${review.id}
                      aria-label=${`Review of ${review.consentKey?.profileNumber ?? 'unknown'}: ${review.text}`}
                    >
                      <td>${when(review.receivedAt)}</td>
                      <td>${review.webhookId}</td>
                      <td>${review.consentKey?.profileNumber ?? ''}</td>
                      <td>${review.text}</td>
                      <td>${review.rule}${review.keyword ? ` (${review.keyword})` : ''}</td>
                      <td>${review.consentNow.state}${review.consentNow.changedSince ? ' (changed since)' : ''}</td>
                      ${
                        review.state !== 'open'
                          ? html`<td>
                              Resolved: ${review.resolution?.decision ?? ''} by ${review.resolution?.by ?? ''}
                              ${review.resolution?.note ? html`<br />Note: ${review.resolution.note}` : null}
                            </td>`
                          : html`<td class="actions">
                              <label for=${`note-${review.id}`}>Note</label>
                              <input
                                id=${`note-${review.id}`}
                                value=${notes[review.id] ?? ''}
                                onInput=${(event: Event) =>
                                  setNotes({ ...notes, [review.id]: (event.target as HTMLInputElement).value })}
                              />
                              <button type="button" class="danger" onClick=${() => void decide(review, 'opt-out')}>
                                Opt out
                              </button>
                              <button type="button" onClick=${() => void decide(review, 'dismiss')}>Dismiss</button>
                            </td>`
                      }
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}
