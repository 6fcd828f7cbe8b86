// The slash-command grammar. A command is the first line of a new PR comment, starting with "/".
// Case-insensitive; extra words are refused with the right form, never guessed; an unknown
// command gets the list of commands and the closest match. Parsing is total: any string in, a
// result out, never an exception.
import { type Color, COLORS } from "./naming.ts";
import { formatDuration, parseDuration } from "./duration.ts";

export type Command =
  | { readonly name: "promote"; readonly color: Color; readonly force: boolean }
  | { readonly name: "rollback"; readonly force: boolean }
  | { readonly name: "shift"; readonly color: Color; readonly weight: number; readonly force: boolean }
  | { readonly name: "redeploy" }
  | { readonly name: "destroy" }
  | { readonly name: "status" }
  | { readonly name: "help" }
  | { readonly name: "extend"; readonly durationMs: number }
  | { readonly name: "approve" };

export type CommandName = Command["name"];

export type ParsedComment =
  | { readonly kind: "none" }
  | { readonly kind: "command"; readonly command: Command; readonly text: string }
  | { readonly kind: "invalid"; readonly text: string; readonly message: string };

export interface ParseOptions {
  /** The longest `/extend` allowed. */
  readonly maxExtendMs: number;
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = { maxExtendMs: 7 * 86_400_000 };

/** Longer than this is not a command someone typed. */
const MAX_LINE = 100;

interface Spec {
  readonly usage: string;
  readonly summary: string;
  /** The command for these words, or the reason they are not a valid form. */
  parse(args: readonly string[], options: ParseOptions): Command | string;
}

const withForce = (args: readonly string[], usage: string): boolean | string => {
  if (args.length === 0) return false;
  if (args.length === 1 && args[0] === "force") return true;
  return `takes no words other than "force": ${usage}`;
};

const noArgs = (command: Command, usage: string) => (args: readonly string[]) =>
  args.length === 0 ? command : `takes no arguments: ${usage}`;

const promote = (color: Color): Spec => {
  const usage = `/promote-${color} [force]`;
  return {
    usage,
    summary: `send all production traffic to ${color} (force: even if its targets are not healthy)`,
    parse: (args) => {
      const force = withForce(args, usage);
      return typeof force === "string" ? force : { name: "promote", color, force };
    },
  };
};

/** The grammar, one entry per command word; `/help` prints it in this order. */
export const COMMANDS: Readonly<Record<string, Spec>> = {
  "promote-green": promote("green"),
  "promote-blue": promote("blue"),
  rollback: {
    usage: "/rollback [force]",
    summary: "send traffic back to the colour that served before the last promotion",
    parse: (args) => {
      const force = withForce(args, "/rollback [force]");
      return typeof force === "string" ? force : { name: "rollback", force };
    },
  },
  shift: {
    usage: "/shift blue|green 0-100 [force]",
    summary: "canary: send that percentage of production traffic to a colour",
    parse: (args) => {
      const [color, weight, ...rest] = args;
      if (color === undefined || weight === undefined) return "needs a colour and a percentage: /shift green 25";
      if (!(COLORS as readonly string[]).includes(color)) return `colour must be blue or green, not "${color}": /shift green 25`;
      if (!/^\d{1,3}$/.test(weight) || Number(weight) > 100) return `percentage must be a whole number from 0 to 100, not "${weight}": /shift green 25`;
      const force = withForce(rest, "/shift blue|green 0-100 [force]");
      return typeof force === "string" ? force : { name: "shift", color: color as Color, weight: Number(weight), force };
    },
  },
  redeploy: { usage: "/redeploy", summary: "deploy the PR's head commit again", parse: noArgs({ name: "redeploy" }, "/redeploy") },
  destroy: { usage: "/destroy", summary: "destroy this PR's environment now", parse: noArgs({ name: "destroy" }, "/destroy") },
  status: { usage: "/status", summary: "refresh the environment's status in the comment", parse: noArgs({ name: "status" }, "/status") },
  extend: {
    usage: "/extend <duration>",
    summary: "keep the environment longer before the reaper removes it, e.g. /extend 24h",
    parse: (args, options) => {
      const [text, ...rest] = args;
      if (text === undefined || rest.length > 0) return "needs one duration: /extend 24h";
      const durationMs = parseDuration(text);
      if (durationMs === undefined) return `"${text}" is not a duration; use a number and a unit (m, h, d, w): /extend 24h`;
      if (durationMs > options.maxExtendMs) return `can extend by at most ${formatDuration(options.maxExtendMs)}, not ${text}`;
      return { name: "extend", durationMs };
    },
  },
  approve: {
    usage: "/approve",
    summary: "let this fork PR's current head commit deploy (a later push needs a new approval)",
    parse: noArgs({ name: "approve" }, "/approve"),
  },
  help: { usage: "/help", summary: "list the commands", parse: noArgs({ name: "help" }, "/help") },
};

export function parseComment(body: string, options: ParseOptions = DEFAULT_PARSE_OPTIONS): ParsedComment {
  const line = (body.split(/\r?\n/, 1)[0] ?? "").trim();
  if (!line.startsWith("/")) return { kind: "none" };
  const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]/.test(line)) {
    return { kind: "invalid", text: text.replace(/[^\x20-\x7e]/g, "?"), message: "contains control characters; type the command as plain text" };
  }
  if (line.length > MAX_LINE) {
    return { kind: "invalid", text, message: `is longer than ${MAX_LINE} characters; a command is one short line, e.g. /promote-green` };
  }
  const [word = "", ...args] = line.slice(1).toLowerCase().split(/\s+/);
  const spec = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
  if (!spec) {
    const closest = closestCommand(word);
    return {
      kind: "invalid",
      text,
      message: `is not a prenv command${closest ? `; did you mean /${closest}?` : "."} Commands: ${Object.keys(COMMANDS).map((c) => `/${c}`).join(", ")}`,
    };
  }
  const result = spec.parse(args, options);
  return typeof result === "string" ? { kind: "invalid", text, message: result } : { kind: "command", command: result, text };
}

/** The command word nearest to `word` by edit distance, if it is near enough to be a typo. */
export function closestCommand(word: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of Object.keys(COMMANDS)) {
    const distance = editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The `/help` reply: every command with its form and what it does. */
export function helpText(): string {
  return Object.values(COMMANDS)
    .map((spec) => `- \`${spec.usage}\`: ${spec.summary}`)
    .join("\n");
}
