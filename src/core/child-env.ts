// The environment the user's test command runs in: prenv's own environment minus what would let a
// test (or anything it installs) act as the workflow, and the secret values its output must not show.

/**
 * Never passed to the test command. On a GitHub runner these let a process mint OIDC tokens (and so
 * assume the deploy's AWS role), use the run's cache and artifact services, or read the Action's
 * inputs (INPUT_GITHUB-TOKEN among them). The user's tests need none of them.
 */
const WITHHELD: readonly RegExp[] = [
  /^ACTIONS_ID_TOKEN_REQUEST_(TOKEN|URL)$/i,
  /^ACTIONS_RUNTIME_(TOKEN|URL)$/i,
  /^ACTIONS_CACHE_URL$/i,
  /^ACTIONS_RESULTS_URL$/i,
  /^INPUT_/i,
];

/** A variable whose value is a credential by its name; its value is masked wherever the output shows it. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSPHRASE|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY|API_?KEY|_KEY$/i;
/** Shorter values are too likely to be ordinary words ("true", "us-east-1") to mask everywhere. */
const MIN_SECRET_LENGTH = 8;

export function withheldFromChild(name: string): boolean {
  return WITHHELD.some((pattern) => pattern.test(name));
}

/** `inherited` without the withheld variables, then `extra` (prenv's own variables) on top. */
export function childEnv(inherited: Readonly<Record<string, string | undefined>>, extra: Readonly<Record<string, string>>): Record<string, string> {
  const kept = Object.entries(inherited).filter((entry): entry is [string, string] => entry[1] !== undefined && !withheldFromChild(entry[0]));
  return { ...Object.fromEntries(kept), ...extra };
}

/** The values of `env`'s secret-named variables, long enough to mask. */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env).flatMap(([name, value]) => (value !== undefined && value.length >= MIN_SECRET_LENGTH && SECRET_NAME.test(name) ? [value] : []));
}
