import type { RuleContext } from './rule-context.js';

/**
 * `llm: { kind: ollama, container: true }` starts a real Ollama: it has no endpoint of its own to be
 * given, and it plays no cassette, so its model must be a real one that it can pull.
 */
export function ollamaContainerIsReal({ scenario, report }: RuleContext): void {
  const llm = scenario.llm;
  if (llm.kind !== 'ollama' || llm.container === undefined) return;
  if (llm.endpoint !== undefined) {
    report({
      path: ['llm', 'endpoint'],
      message: 'cannot be given with container: the container is the endpoint',
      value: llm.endpoint,
      hint: 'remove endpoint (to start Ollama in a container) or container (to use the Ollama at endpoint)',
    });
  }
  if (llm.model === 'replay') {
    report({
      path: ['llm', 'model'],
      message: 'must name a real model with container: a container Ollama plays no cassette',
      value: llm.model,
      hint: 'give a model it can pull, e.g. model: qwen2.5:0.5b',
    });
  }
}
