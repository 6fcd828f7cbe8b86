// Secrets never reach a comment or a log: known secret values are replaced wherever they appear,
// and so is anything shaped like a credential even when prenv was not told about it.

const MASK = "***";

/** Credential shapes worth catching even when nobody registered the value. */
const CREDENTIALS: readonly RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{40,}\b/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key IDs
  /\bpul-[a-f0-9]{40}\b/g, // Pulumi access tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
];

/** `password=…`, `AWS_SECRET_ACCESS_KEY: …` and the like: keep the key, mask the value. */
const ASSIGNMENT = /\b(aws_secret_access_key|aws_session_token|password|passphrase|secret|token)(\s*[=:]\s*)("?)[^\s"']{6,}\3/gi;

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join(MASK);
  }
  for (const pattern of CREDENTIALS) result = result.replace(pattern, MASK);
  return result.replace(ASSIGNMENT, (_match, key: string, separator: string, quote: string) => `${key}${separator}${quote}${MASK}${quote}`);
}
