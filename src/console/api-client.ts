// The console's only way to the service: fetch on /api with the session cookie. Writes carry the CSRF token
// the session answered with, kept in memory only (after a reload GET /api/session gives it again).

export interface FieldProblem {
  path: string;
  message: string;
}

/** An answer that is not 2xx: its status, the API's message and, for a 422, every problem with its path. */
export class ApiError extends Error {
  readonly status: number;
  readonly problems: FieldProblem[];
  constructor(status: number, message: string, problems: FieldProblem[] = []) {
    super(message);
    this.status = status;
    this.problems = problems;
  }
}

export interface Session {
  label: string;
  expiresAt: string;
  csrfToken: string;
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

/** What to do when any call answers 401 (the session expired or was ended elsewhere). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export function rememberSession(session: Session): void {
  csrfToken = session.csrfToken;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON; a string is sent as it is (a rule file keeps its own formatting). */
  body?: unknown;
  /** Whether a 401 means "signed out" (false for the sign-in call itself). */
  session?: boolean;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiError(0, 'The service did not answer. Check that Optline is running, then try again.');
  }
  const text = await response.text();
  const parsed = parseJson(text);
  if (response.ok) return parsed as T;
  if (response.status === 401 && options.session !== false) onSignedOut();
  const record = isRecord(parsed) ? parsed : {};
  const message = typeof record.message === 'string' ? record.message : `${response.status} ${response.statusText}`;
  const problems = Array.isArray(record.problems) ? record.problems.filter(isRecord).map(problemOf) : [];
  throw new ApiError(response.status, message, problems);
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemOf(value: Record<string, unknown>): FieldProblem {
  return { path: typeof value.path === 'string' ? value.path : '', message: String(value.message) };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
