// Simulate: the edited rules replayed on the webhook's stored messages (POST /api/webhooks/<id>/simulate),
// writing nothing: how many messages would change category, and the consent effects. Services without the
// route say "no such API route", and the console says simulation is not available there.
import { useState } from 'preact/hooks';
import { ApiError, call, errorText } from './api-client.ts';
import { html } from './ui.ts';
import type { RuleFileResult } from './webhook-draft.ts';

interface SimulationReport {
  events: number;
  changed: number;
  transitions: { from: string; to: string; count: number }[];
  consentEffects: { from: string; to: string; count: number }[];
}

export function Simulation(props: { webhookId: string; ruleFile: () => RuleFileResult }) {
  const [report, setReport] = useState<SimulationReport | null>(null);
  const [message, setMessage] = useState('');
  const simulate = async () => {
    setReport(null);
    setMessage('');
    const ruleFile = props.ruleFile();
    if (!ruleFile.ok) return setMessage(ruleFile.message);
    try {
      setReport(
        await call<SimulationReport>(`/api/webhooks/${encodeURIComponent(props.webhookId)}/simulate`, {
          method: 'POST',
          body: ruleFile.text,
        }),
      );
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404 && /no such API route/.test(failure.message))
        setMessage('Simulation is not available on this Optline version.');
      else if (failure instanceof ApiError && failure.problems.length > 0)
        setMessage(failure.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '));
      else setMessage(errorText(failure));
    }
  };
  return html`<div class="simulation" aria-live="polite">
    <button type="button" onClick=${() => void simulate()}>Simulate on stored messages</button>
    ${message === '' ? null : html`<p class="problem">${message}</p>`}
    ${
      report === null
        ? null
        : html`<p>${report.changed} of ${report.events} stored messages would be decided differently.</p>
            <ul aria-label="Simulated changes">
              ${report.transitions.map((transition) => html`<li>${transition.from} → ${transition.to}: ${transition.count}</li>`)}
            </ul>
            ${
              report.consentEffects.length === 0
                ? html`<p>No consent would be decided differently.</p>`
                : html`<ul aria-label="Simulated consent effects">
                    ${report.consentEffects.map((effect) => html`<li>consent ${effect.from} → ${effect.to}: ${effect.count}</li>`)}
                  </ul>`
            }
            <p>Nothing was stored: Submit saves the rules.</p>`
    }
  </div>`;
}
