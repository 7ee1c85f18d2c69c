import type { Database } from 'better-sqlite3';

/**
 * Numbered schema migrations, applied in order inside one immediate transaction by open.ts and recorded
 * in `schema_version`. A migration is frozen once released: change the schema by appending a new one.
 */
export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

const initialSchema = `
CREATE TABLE projects (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  name              TEXT NOT NULL CHECK (length(trim(name)) > 0),
  description       TEXT NOT NULL DEFAULT '',
  working_directory TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'paused', 'completed', 'archived')),
  metadata          TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  deleted_at        TEXT
);

CREATE TABLE milestones (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id   INTEGER NOT NULL REFERENCES projects(id),
  name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
  description  TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'active', 'completed', 'cancelled')),
  created_at   TEXT NOT NULL,
  completed_at TEXT
);
CREATE INDEX milestones_project ON milestones(project_id);

CREATE TABLE tasks (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id     INTEGER NOT NULL REFERENCES projects(id),
  milestone_id   INTEGER REFERENCES milestones(id),
  parent_task_id INTEGER REFERENCES tasks(id),
  epic_id        INTEGER REFERENCES tasks(id),
  story_id       INTEGER REFERENCES tasks(id),
  task_type      TEXT NOT NULL DEFAULT 'task' CHECK (task_type IN ('epic', 'story', 'task', 'subtask')),
  title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
  description    TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                 ('pending', 'ready', 'running', 'blocked', 'completed', 'failed', 'cancelled', 'retrying')),
  priority       INTEGER NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
  retry_count    INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
  max_retries    INTEGER NOT NULL DEFAULT 3 CHECK (max_retries >= 0),
  result         TEXT CHECK (result IS NULL OR json_valid(result)),
  metadata       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  started_at     TEXT,
  completed_at   TEXT
);
CREATE INDEX tasks_project_status ON tasks(project_id, status);
CREATE INDEX tasks_parent ON tasks(parent_task_id);

CREATE TABLE task_dependencies (
  task_id       INTEGER NOT NULL REFERENCES tasks(id),
  depends_on_id INTEGER NOT NULL REFERENCES tasks(id),
  PRIMARY KEY (task_id, depends_on_id),
  CHECK (task_id <> depends_on_id)
) WITHOUT ROWID;
CREATE INDEX task_dependencies_depends_on ON task_dependencies(depends_on_id);

CREATE TABLE sessions (
  id                    TEXT PRIMARY KEY,
  project_id            INTEGER NOT NULL REFERENCES projects(id),
  task_id               INTEGER REFERENCES tasks(id),
  milestone_id          INTEGER REFERENCES milestones(id),
  status                TEXT NOT NULL DEFAULT 'active'
                        CHECK (status IN ('active', 'completed', 'refreshed', 'abandoned')),
  input_tokens          INTEGER NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens         INTEGER NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  cache_creation_tokens INTEGER NOT NULL DEFAULT 0 CHECK (cache_creation_tokens >= 0),
  cache_read_tokens     INTEGER NOT NULL DEFAULT 0 CHECK (cache_read_tokens >= 0),
  turns                 INTEGER NOT NULL DEFAULT 0 CHECK (turns >= 0),
  cost_usd              REAL NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
  interaction_count     INTEGER NOT NULL DEFAULT 0 CHECK (interaction_count >= 0),
  reason                TEXT,
  created_at            TEXT NOT NULL,
  ended_at              TEXT
);
CREATE INDEX sessions_task ON sessions(task_id);
CREATE INDEX sessions_status ON sessions(status);

CREATE TABLE interactions (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id            INTEGER NOT NULL REFERENCES projects(id),
  task_id               INTEGER NOT NULL REFERENCES tasks(id),
  session_id            TEXT NOT NULL REFERENCES sessions(id),
  iteration             INTEGER NOT NULL CHECK (iteration >= 1),
  prompt                TEXT NOT NULL,
  response              TEXT NOT NULL,
  agent_session_id      TEXT,
  input_tokens          INTEGER NOT NULL CHECK (input_tokens >= 0),
  output_tokens         INTEGER NOT NULL CHECK (output_tokens >= 0),
  cache_creation_tokens INTEGER NOT NULL CHECK (cache_creation_tokens >= 0),
  cache_read_tokens     INTEGER NOT NULL CHECK (cache_read_tokens >= 0),
  turns                 INTEGER NOT NULL CHECK (turns >= 0),
  cost_usd              REAL NOT NULL CHECK (cost_usd >= 0),
  duration_ms           INTEGER NOT NULL CHECK (duration_ms >= 0),
  error_subtype         TEXT,
  is_error              INTEGER NOT NULL CHECK (is_error IN (0, 1)),
  quality_score         REAL CHECK (quality_score IS NULL OR quality_score BETWEEN 0 AND 1),
  passes_gate           INTEGER CHECK (passes_gate IS NULL OR passes_gate IN (0, 1)),
  confidence            REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  decision              TEXT CHECK (decision IS NULL OR decision IN ('proceed', 'retry', 'clarify', 'escalate')),
  feedback              TEXT,
  created_at            TEXT NOT NULL
);
CREATE INDEX interactions_task ON interactions(task_id);
CREATE INDEX interactions_session ON interactions(session_id);

CREATE TABLE breakpoint_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id  INTEGER NOT NULL REFERENCES projects(id),
  task_id     INTEGER REFERENCES tasks(id),
  kind        TEXT NOT NULL CHECK (length(trim(kind)) > 0),
  reason      TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  created_at  TEXT NOT NULL,
  resolved_at TEXT,
  resolution  TEXT
);
CREATE INDEX breakpoint_events_project ON breakpoint_events(project_id);

CREATE TABLE checkpoints (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id INTEGER NOT NULL REFERENCES projects(id),
  task_id    INTEGER REFERENCES tasks(id),
  label      TEXT NOT NULL CHECK (length(trim(label)) > 0),
  state      TEXT NOT NULL CHECK (json_valid(state)),
  created_at TEXT NOT NULL
);
CREATE INDEX checkpoints_project ON checkpoints(project_id);

CREATE TABLE file_changes (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id        INTEGER NOT NULL REFERENCES tasks(id),
  interaction_id INTEGER REFERENCES interactions(id),
  path           TEXT NOT NULL CHECK (length(path) > 0),
  change_type    TEXT NOT NULL CHECK (change_type IN ('created', 'modified', 'deleted')),
  hash_before    TEXT,
  hash_after     TEXT,
  created_at     TEXT NOT NULL
);
CREATE INDEX file_changes_task ON file_changes(task_id);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'initial schema: projects, milestones, tasks, sessions, interactions, events',
    up: (db) => {
      db.exec(initialSchema);
    },
  },
  {
    version: 2,
    description: 'tasks_ready index: ready tasks by priority without scanning every pending task',
    up: (db) => {
      db.exec(`
CREATE INDEX tasks_ready ON tasks(project_id, status, priority DESC, id);
DROP INDEX tasks_project_status;
`);
    },
  },
];

/** The newest schema version this build understands. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
