// The payload template editor (CodeMirror 6): the service's own template compiler checks the text as it is
// typed (POST /api/templates/check, debounced), and its problems show at their line and column, in the editor
// and listed below it. "Try a payload" extracts events from a pasted provider body with the same compiler.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, errorText } from './api-client.ts';
import { html, Problem } from './ui.ts';

interface TemplateProblem {
  message: string;
  line: number;
  column: number;
}
interface CheckAnswer {
  ok: boolean;
  problems: TemplateProblem[];
  warnings: TemplateProblem[];
}
type ExtractAnswer =
  { matched: true; events: unknown[] } | { matched: false; mismatch: { path: string; message: string } };

const CHECK_DELAY_MS = 400;

export function PayloadEditor(props: {
  kind: 'inbound' | 'feedback';
  value: string;
  problems: readonly string[] | undefined;
  onChange: (template: string) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const kind = useRef(props.kind);
  kind.current = props.kind;
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const [check, setCheck] = useState<CheckAnswer | null>(null);
  const [checkError, setCheckError] = useState('');

  useEffect(() => {
    if (host.current === null) return;
    const diagnostics = linter(
      async (view): Promise<Diagnostic[]> => {
        const template = view.state.doc.toString();
        try {
          const answer = await call<CheckAnswer>('/api/templates/check', {
            method: 'POST',
            body: { kind: kind.current, template },
          });
          setCheck(answer);
          setCheckError('');
          const at = (problem: TemplateProblem, severity: 'error' | 'warning'): Diagnostic => {
            const line = view.state.doc.line(Math.min(Math.max(problem.line, 1), view.state.doc.lines));
            const from = Math.min(line.from + Math.max(problem.column - 1, 0), line.to);
            return { from, to: Math.min(from + 1, line.to), severity, message: problem.message };
          };
          return [
            ...answer.problems.map((problem) => at(problem, 'error')),
            ...answer.warnings.map((warning) => at(warning, 'warning')),
          ];
        } catch (failure) {
          setCheckError(`The template could not be checked: ${errorText(failure)}`);
          return [];
        }
      },
      { delay: CHECK_DELAY_MS },
    );
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          json(),
          diagnostics,
          lintGutter(),
          EditorView.contentAttributes.of({
            'aria-label': 'Payload template',
            'aria-describedby': 'template-problems',
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    return () => view.destroy();
  }, []);

  return html`<div class="payload-editor">
    <div class="editor" ref=${host}></div>
    <div id="template-problems" aria-live="polite">
      ${
        check === null
          ? null
          : check.problems.length === 0
            ? html`<p class="ok">The template compiles.</p>`
            : html`<ul class="problems" aria-label="Template problems">
                ${check.problems.map(
                  (problem) => html`<li>Line ${problem.line}, column ${problem.column}: ${problem.message}</li>`,
                )}
              </ul>`
      }
      ${
        check === null || check.warnings.length === 0
          ? null
          : html`<ul class="warnings" aria-label="Template warnings">
              ${check.warnings.map(
                (warning) => html`<li>Line ${warning.line}, column ${warning.column}: ${warning.message}</li>`,
              )}
            </ul>`
      }
      ${checkError === '' ? null : html`<p class="problem">${checkError}</p>`}
    </div>
    <${Problem} messages=${props.problems} />
    <${TryPayload} kind=${props.kind} template=${props.value} />
  </div>`;
}

function TryPayload(props: { kind: 'inbound' | 'feedback'; template: string }) {
  const [payload, setPayload] = useState('');
  const [answer, setAnswer] = useState<ExtractAnswer | null>(null);
  const [error, setError] = useState('');
  const extract = async () => {
    setError('');
    setAnswer(null);
    try {
      setAnswer(
        await call<ExtractAnswer>('/api/templates/extract', {
          method: 'POST',
          body: { kind: props.kind, template: props.template, payload, contentType: 'application/json' },
        }),
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length > 0)
        setError(`Fix the template first: ${failure.problems.map((problem) => problem.message).join('; ')}`);
      else setError(errorText(failure));
    }
  };
  return html`<div class="try-payload">
    <label for="try-payload">Try a payload</label>
    <textarea
      id="try-payload"
      rows="6"
      placeholder="Paste a body your provider sends"
      value=${payload}
      onInput=${(event: Event) => setPayload((event.target as HTMLTextAreaElement).value)}
    ></textarea>
    <button type="button" onClick=${() => void extract()} disabled=${payload.trim() === ''}>Extract events</button>
    <div aria-live="polite" class="extract-result">
      ${error === '' ? null : html`<p class="problem">${error}</p>`}
      ${
        answer === null
          ? null
          : answer.matched
            ? html`<p>Matched: ${answer.events.length} event${answer.events.length === 1 ? '' : 's'}.</p>
                <pre aria-label="Extracted events">${JSON.stringify(answer.events, null, 2)}</pre>`
            : html`<p class="problem">No match at ${answer.mismatch.path}: ${answer.mismatch.message}</p>`
      }
    </div>
  </div>`;
}
