// Sign in with an admin token: POST /api/session answers with an HttpOnly session cookie (8 h) and the CSRF
// token writes must carry. The token itself is not kept by the console.
import { useState } from 'preact/hooks';
import { ApiError, call, type Session } from './api-client.ts';
import { html, Notice } from './ui.ts';

export function SignInScreen(props: { onSignedIn: (session: Session) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const session = await call<Session>('/api/session', { method: 'POST', body: { token }, session: false });
      props.onSignedIn(session);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'That admin token is not valid. Use one of the tokens in OPTLINE_ADMIN_TOKEN or OPTLINE_ADMIN_TOKENS.'
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="sign-in">
    <h1>Optline console</h1>
    <form onSubmit=${submit}>
      <label for="admin-token">Admin token</label>
      <input
        id="admin-token"
        type="password"
        autocomplete="current-password"
        required
        value=${token}
        onInput=${(event: Event) => setToken((event.target as HTMLInputElement).value)}
      />
      <button type="submit" disabled=${busy}>Sign in</button>
      ${error === '' ? null : html`<${Notice} kind="error">${error}<//>`}
    </form>
  </main>`;
}
