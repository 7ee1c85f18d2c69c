/**
 * Child process of concurrency.test.ts. Opens (and, if it is first, creates and migrates) the store at
 * `path`, creates its own project, task and session, records `count` interactions into that session,
 * each in its own transaction, then completes the session and prints `done <label> <count>`.
 * Usage: node --import tsx concurrent-writer.ts <path> <label> <count>
 */
import { openStore } from '../index.js';

const [path, label, count] = process.argv.slice(2);
if (!path || !label || !count) throw new Error('usage: concurrent-writer.ts <path> <label> <count>');

const store = openStore({ path });
try {
  const project = store.projects.create({ name: label, workingDirectory: `/work/${label}` });
  const task = store.tasks.create({ projectId: project.id, title: `write ${count} rows` });
  const session = store.sessions.create({ projectId: project.id, taskId: task.id });
  for (let i = 1; i <= Number(count); i++) {
    store.interactions.record({
      sessionId: session.id,
      taskId: task.id,
      iteration: i,
      prompt: `${label} prompt ${i}`,
      response: `${label} response ${i}`,
      agentSessionId: session.id,
      usage: {
        inputTokens: 10,
        outputTokens: 1,
        cacheCreationTokens: 0,
        cacheReadTokens: 2,
        turns: 1,
        costUsd: 0.001,
      },
      durationMs: 1,
      isError: false,
    });
  }
  store.sessions.complete(session.id);
} finally {
  store.close();
}
process.stdout.write(`done ${label} ${count}\n`);
