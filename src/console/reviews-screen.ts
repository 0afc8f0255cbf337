// Reviews: fuzzy opt-outs that did not opt the person out, to decide by hand (opt out, or dismiss) with a note.
// Older services have no review queue: the console asks first (reviewsAvailable) and hides the screen.
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

  const load = async () => {
    try {
      setReviews((await call<{ reviews: Review[] }>('/api/reviews?state=open')).reviews);
    } catch (failure) {
      setError(`${errorText(failure)} Reload the page to try again.`);
    }
  };
  useEffect(() => void load(), []);

  const decide = async (review: Review, decision: 'opt-out' | 'dismiss') => {
    try {
      await call(`/api/reviews/${encodeURIComponent(review.id)}`, {
        method: 'POST',
        body: { decision, note: notes[review.id] ?? '' },
      });
      await load();
      setNotice(decision === 'opt-out' ? 'Opted the person out; the opt-out reply is queued.' : 'Dismissed.');
    } catch (failure) {
      setError(errorText(failure));
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
        : reviews.length === 0
          ? html`<p>Nothing to review.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Webhook</th>
                  <th scope="col">From</th>
                  <th scope="col">Message</th>
                  <th scope="col">Rule</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                ${reviews.map(
                  (review) =>
                    html`<tr key=${review.id} aria-label=${`Review of ${review.text}`}>
                      <td>${when(review.receivedAt)}</td>
                      <td>${review.webhookId}</td>
                      <td>${review.consentKey?.profileNumber ?? ''}</td>
                      <td>${review.text}</td>
                      <td>${review.rule}${review.keyword ? ` (${review.keyword})` : ''}</td>
                      <td class="actions">
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
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }
  </section>`;
}
