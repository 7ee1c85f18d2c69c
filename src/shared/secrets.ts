/**
 * Secrets from the environment never reach a file: agents and check commands get an environment
 * without them (`withoutSecrets`), and everything written at the edges (events, agent logs and output,
 * saved model requests) passes through a redactor built from the run's environment (`createRedactor`).
 */

/** Names that hold credentials: …_API_KEY, …_TOKEN, …_SECRET…, …PASSWORD, …CREDENTIALS, …_AUTH…, … */
const SECRET_NAME =
  /(^|_)(API_?KEY|KEY|KEYS|TOKEN|TOKENS|SECRET|SECRETS|PASSWORD|PASSWD|PASSPHRASE|CREDENTIALS?|AUTH|PRIVATE|COOKIE|PAT)($|_)/i;

/** Values shorter than this are not treated as secrets (`1`, `true`, `yes` would redact everything). */
export const MIN_SECRET_LENGTH = 8;

type Env = Readonly<Record<string, string | undefined>>;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The secret-named variables of `env` with a value long enough to be one: name → value. */
export function secretsOf(env: Env): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH && isSecretName(name))
      secrets.set(name, value);
  }
  return secrets;
}

/** `env` without its secret-named variables (whatever their value). */
export function withoutSecrets(env: Env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!isSecretName(name)) out[name] = value;
  return out;
}

export type Redactor = (text: string) => string;

/**
 * Replaces every secret value of `env` in a text by `[REDACTED NAME]` (longest values first, so a
 * secret that contains another is replaced whole). The identity when `env` holds no secret.
 */
export function createRedactor(env: Env): Redactor {
  const secrets = [...secretsOf(env)].sort((a, b) => b[1].length - a[1].length);
  if (secrets.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const [name, value] of secrets)
      if (out.includes(value)) out = out.replaceAll(value, `[REDACTED ${name}]`);
    return out;
  };
}
