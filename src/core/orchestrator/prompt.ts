/** The marker the feedback section starts with (cassettes and invariants look for it). */
export const FEEDBACK_HEADER = 'Feedback from earlier iterations:';

export interface PromptInput {
  title: string;
  description: string;
  workingDirectory: string;
  iteration: number;
  /** Feedback of every earlier iteration, oldest first. It must reach the agent. */
  feedback: readonly string[];
}

/** The prompt of one iteration: title, description, working directory, and all earlier feedback. Pure. */
export function buildPrompt(input: PromptInput): string {
  const parts = [
    `Task: ${input.title}`,
    `Working directory: ${input.workingDirectory}`,
    '',
    input.description,
  ];
  if (input.feedback.length > 0) {
    parts.push('', FEEDBACK_HEADER, ...input.feedback.map((f, i) => `- Iteration ${i + 1}: ${f}`));
  }
  parts.push(
    '',
    'Work in the working directory with your tools. When you are done, reply with a short summary of what you changed.',
  );
  return parts.join('\n');
}

/** The prompt of a resumed call after the agent hit its turn cap. */
export function continuationPrompt(title: string): string {
  return `You reached the turn limit before finishing "${title}". Continue where you stopped and finish the task.`;
}
