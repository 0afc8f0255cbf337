// The keywords of one category as chips: Enter in "Enter a keyword" adds one, each chip's "Remove <keyword>"
// button takes it away. A category that takes one keyword (Custom) replaces its chip instead of adding.
import { useState } from 'preact/hooks';
import { html } from './ui.ts';

export function KeywordChips(props: {
  keywords: readonly string[];
  single: boolean;
  describedBy?: string;
  onChange: (keywords: string[]) => void;
}) {
  const [typed, setTyped] = useState('');
  const add = () => {
    const keyword = typed.trim();
    if (keyword === '') return;
    setTyped('');
    if (props.single) return props.onChange([keyword]);
    const known = props.keywords.some((existing) => existing.toLowerCase() === keyword.toLowerCase());
    if (!known) props.onChange([...props.keywords, keyword]);
  };
  return html`<div class="chips-field">
    <label for="keyword-entry">Enter a keyword</label>
    <input
      id="keyword-entry"
      value=${typed}
      aria-describedby=${props.describedBy}
      onInput=${(event: Event) => setTyped((event.target as HTMLInputElement).value)}
      onKeyDown=${(event: KeyboardEvent) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        add();
      }}
    />
    <span class="hint">${props.single ? 'Press Enter to set the keyword (one only).' : 'Press Enter to add it.'}</span>
    <ul class="chips" aria-label="Keywords">
      ${props.keywords.map(
        (keyword) =>
          html`<li class="chip" key=${keyword}>
            <span>${keyword}</span>
            <button
              type="button"
              aria-label=${`Remove ${keyword}`}
              onClick=${() => props.onChange(props.keywords.filter((existing) => existing !== keyword))}
            >
              ×
            </button>
          </li>`,
      )}
    </ul>
  </div>`;
}
