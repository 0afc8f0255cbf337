// json-rules-engine's Engine writes its running/finished status on itself, so two runs sharing one engine
// interfere: the first to finish makes the other skip its lower-priority rules. Each evaluation therefore
// borrows an engine nobody else is running, from a pool that grows to the peak concurrency (reusing
// engines is several times faster than building one per message; see bench/classify.bench.ts).
import { Engine, type EngineResult, type Operator, type RuleProperties } from 'json-rules-engine';

export type MessageFacts = Record<string, unknown>;

/** One engine over the compiled rules that stops at the first rule that fires (priority order). */
export function buildEngine(rules: readonly RuleProperties[], operators: readonly Operator[]): Engine {
  // The rule objects are shared, not copied: the operators memoise on the identity of their (string) values.
  const engine = new Engine([...rules], { allowUndefinedFacts: false });
  for (const operator of operators) engine.addOperator(operator);
  engine.on('success', () => {
    engine.stop();
  });
  return engine;
}

export class EnginePool {
  private readonly idle: Engine[] = [];

  constructor(
    private readonly rules: readonly RuleProperties[],
    private readonly operators: readonly Operator[],
  ) {}

  async run(facts: MessageFacts): Promise<EngineResult> {
    const engine = this.idle.pop() ?? buildEngine(this.rules, this.operators);
    try {
      return await engine.run(facts);
    } finally {
      this.idle.push(engine);
    }
  }
}
