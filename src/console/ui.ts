// Pieces every screen uses: the html tag, a labelled field with its problem beside it, and a message line.
import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';

export { html };

let fieldSequence = 0;
/** A unique element id for a label's `for`. */
export function fieldId(name: string): string {
  fieldSequence += 1;
  return `${name}-${fieldSequence}`;
}

/** A validation problem shown next to the field it concerns (aria-live, so it is read out when it appears). */
export function Problem(props: { id?: string; messages: readonly string[] | undefined }) {
  if (props.messages === undefined || props.messages.length === 0) return null;
  return html`<p class="problem" id=${props.id} role="alert">${props.messages.join('; ')}</p>`;
}

/** An error or notice about the whole screen; `kind` error is read out at once. */
export function Notice(props: { kind: 'error' | 'info'; children: ComponentChildren }) {
  return html`<p class=${`notice ${props.kind}`} role=${props.kind === 'error' ? 'alert' : 'status'}>
    ${props.children}
  </p>`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
