// Where a vendor's 2xx response names the message: a small JSONPath subset, `$` then `.name`, `[0]` or
// `["name"]` steps (e.g. `$.messages[0].messageId`). Compiled once; reading never throws.

export type PathStep = string | number;

export class MessageIdPathError extends Error {
  override name = 'MessageIdPathError';
}

/** Parses `path` into steps; throws MessageIdPathError saying where it stopped making sense. */
export function parseMessageIdPath(path: string): PathStep[] {
  if (!path.startsWith('$')) throw new MessageIdPathError(`message id path "${path}" must start with $`);
  const steps: PathStep[] = [];
  const step = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\]/y;
  let at = 1;
  while (at < path.length) {
    step.lastIndex = at;
    const match = step.exec(path);
    if (!match) throw new MessageIdPathError(`message id path "${path}" is not understood at character ${at + 1}`);
    const [, name, index, quoted] = match;
    if (name !== undefined) steps.push(name);
    else if (index !== undefined) steps.push(Number(index));
    else if (quoted !== undefined) steps.push(unquote(quoted));
    at = step.lastIndex;
  }
  return steps;
}

/** A reader for a fixed path, compiled once. */
export function messageIdReader(path: string): (body: unknown) => string | null {
  const steps = parseMessageIdPath(path);
  return (body) => readMessageIdAt(body, steps);
}

/** The string or finite number at `steps`, as a non-empty string; null when absent or of another type. */
export function readMessageIdAt(value: unknown, steps: readonly PathStep[]): string | null {
  const current = valueAt(value, steps);
  if (typeof current === 'number' && Number.isFinite(current)) return String(current);
  return typeof current === 'string' && current !== '' ? current : null;
}

/** The value at `steps`, or undefined when a step is missing (own properties only). */
export function valueAt(value: unknown, steps: readonly PathStep[]): unknown {
  let current: unknown = value;
  for (const step of steps) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, step))
        return undefined;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

function unquote(quoted: string): string {
  const inner = quoted.slice(1, -1);
  return inner.replace(/\\(.)/g, '$1');
}
