// Keys and secrets never reach a stored request log body. Known secrets (the connection's own keys)
// are replaced wherever they appear; anything shaped like an API key or a bearer token is replaced
// too, and so is the value of any JSON field whose name says it holds a secret.

const KEY_SHAPES = [
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI (sk-, sk-proj-, sk-admin-, sk-svcacct-) and our own sk-sb- keys
  /\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/gi,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, // JWTs
];
const SECRET_FIELD = /("(?:[A-Za-z_-]*(?:api[_-]?key|secret|password|passwd|token|authorization)[A-Za-z_-]*)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export const REDACTED = "[redacted]";

export function redactSecrets(text: string, known: string[] = []): string {
  let out = text;
  for (const secret of known) if (secret && secret.length >= 8) out = out.split(secret).join(REDACTED);
  out = out.replace(SECRET_FIELD, (_, name: string) => `${name}"${REDACTED}"`);
  for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}
