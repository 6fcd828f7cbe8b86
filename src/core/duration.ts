// Durations as people write them in workflow inputs and PR comments: "72h", "90m", "1d12h", "2w".

const UNITS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const DURATION = /^(?:\d{1,6}[smhdw])+$/;
const PART = /(\d{1,6})([smhdw])/g;

/** Milliseconds, or undefined if `text` is not a duration like "72h" or "1d12h". */
export function parseDuration(text: string): number | undefined {
  const normalized = text.trim().toLowerCase();
  if (!DURATION.test(normalized)) return undefined;
  let total = 0;
  for (const [, amount, unit] of normalized.matchAll(PART)) total += Number(amount) * UNITS[unit!]!;
  return total > 0 ? total : undefined;
}

/** The largest two units: "3d", "2h 5m", "45s". */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000)) * 1000;
  for (const unit of ["d", "h", "m", "s"] as const) {
    const size = UNITS[unit]!;
    if (rest >= size || (unit === "s" && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
