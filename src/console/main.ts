// The console's entry: asks whether the admin API is on, restores the session, then shows the screen the
// location hash names (#/webhooks, #/webhooks/new, #/webhooks/<id>/edit, ...). Every screen is a client of /api.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, rememberSession, whenSignedOut, type Session } from './api-client.ts';
import { ChannelsScreen } from './channels-screen.ts';
import { ConsentScreen } from './consent-screen.ts';
import { CredentialsScreen } from './credentials-screen.ts';
import { ReportsScreen } from './reports-screen.ts';
import { ReviewsScreen, reviewsAvailable } from './reviews-screen.ts';
import { RevisionsScreen } from './revisions-screen.ts';
import { SignInScreen } from './sign-in-screen.ts';
import { TryMessageScreen } from './try-message-screen.ts';
import { html, Notice } from './ui.ts';
import { WebhookFormScreen } from './webhook-form-screen.ts';
import { WebhooksScreen } from './webhooks-screen.ts';

const NAVIGATION = [
  { hash: '#/webhooks', label: 'SMS Webhooks' },
  { hash: '#/credentials', label: 'API credentials' },
  { hash: '#/channels', label: 'Channel configurations' },
  { hash: '#/try', label: 'Try a message' },
  { hash: '#/consent', label: 'Consent' },
  { hash: '#/reports', label: 'Reports' },
];

export function navigate(hash: string): void {
  window.location.hash = hash;
}

function useHash(): string {
  const [hash, setHash] = useState(window.location.hash || '#/webhooks');
  useEffect(() => {
    const changed = () => setHash(window.location.hash || '#/webhooks');
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function Screen(props: { hash: string }) {
  const parts = props.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [screen, id, action] = parts;
  if (screen === 'webhooks' && id === 'new') return html`<${WebhookFormScreen} key="new" id=${null} />`;
  if (screen === 'webhooks' && id !== undefined && action === 'edit')
    return html`<${WebhookFormScreen} key=${id} id=${id} />`;
  if (screen === 'webhooks' && id !== undefined && action === 'revisions')
    return html`<${RevisionsScreen} key=${id} id=${id} />`;
  if (screen === 'credentials') return html`<${CredentialsScreen} />`;
  if (screen === 'channels') return html`<${ChannelsScreen} />`;
  if (screen === 'try') return html`<${TryMessageScreen} />`;
  if (screen === 'consent') return html`<${ConsentScreen} number=${id ?? ''} />`;
  if (screen === 'reports') return html`<${ReportsScreen} />`;
  if (screen === 'reviews') return html`<${ReviewsScreen} />`;
  return html`<${WebhooksScreen} />`;
}

type Boot =
  { kind: 'loading' } | { kind: 'api-off' } | { kind: 'signed-out' } | { kind: 'signed-in'; session: Session };

function Console() {
  const [boot, setBoot] = useState<Boot>({ kind: 'loading' });
  const [failure, setFailure] = useState('');
  const [withReviews, setWithReviews] = useState(false);
  const hash = useHash();
  const signedInNow = boot.kind === 'signed-in';
  useEffect(() => {
    if (signedInNow) void reviewsAvailable().then(setWithReviews);
  }, [signedInNow]);

  useEffect(() => {
    whenSignedOut(() => setBoot({ kind: 'signed-out' }));
    void (async () => {
      try {
        const config = await call<{ adminApi: boolean }>('/api/console-config', { session: false });
        if (!config.adminApi) return setBoot({ kind: 'api-off' });
        const session = await call<Session>('/api/session', { session: false }).catch(() => null);
        if (session === null) return setBoot({ kind: 'signed-out' });
        rememberSession(session);
        setBoot({ kind: 'signed-in', session });
      } catch (error) {
        setFailure(error instanceof Error ? error.message : String(error));
      }
    })();
  }, []);

  const signedIn = (session: Session) => {
    rememberSession(session);
    setBoot({ kind: 'signed-in', session });
  };
  const signOut = async () => {
    await call('/api/session', { method: 'DELETE', session: false }).catch(() => null);
    setBoot({ kind: 'signed-out' });
  };

  if (failure !== '')
    return html`<main>
      <h1>Optline console</h1>
      <${Notice} kind="error">${failure} Reload the page to try again.<//>
    </main>`;
  if (boot.kind === 'loading') return html`<main><p role="status">Loading...</p></main>`;
  if (boot.kind === 'api-off')
    return html`<main>
      <h1>Optline console</h1>
      <${Notice} kind="info">
        The admin API is off, so the console cannot sign in. Set OPTLINE_ADMIN_TOKEN (or OPTLINE_ADMIN_TOKENS) and
        restart Optline to turn it on.
      <//>
    </main>`;
  if (boot.kind === 'signed-out') return html`<${SignInScreen} onSignedIn=${signedIn} />`;
  const current = `#/${hash.replace(/^#\/?/, '').split('/')[0] ?? ''}`;
  return html`<div class="shell">
    <header>
      <span class="brand">Optline</span>
      <nav aria-label="Screens">
        ${[...NAVIGATION, ...(withReviews ? [{ hash: '#/reviews', label: 'Reviews' }] : [])].map(
          (item) =>
            html`<a href=${item.hash} aria-current=${current === item.hash ? 'page' : undefined}>${item.label}</a>`,
        )}
      </nav>
      <span class="who">Signed in as ${boot.session.label}</span>
      <button type="button" onClick=${() => void signOut()}>Sign out</button>
    </header>
    <main><${Screen} hash=${hash} /></main>
  </div>`;
}

const root = document.getElementById('app');
if (root !== null) {
  root.replaceChildren(); // the "Loading" text the page shows until this script runs
  render(html`<${Console} />`, root);
}
