/**
 * A user's mistake: bad flags, bad config, a payload that is not what it claims. Doors turn it into
 * exit code 2 (CLI), a 4xx (App) or a failed step with this message (Action), never a stack trace.
 */
export class BadInputError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[] | string) {
    const list = typeof problems === "string" ? [problems] : problems;
    super(list.join("\n"));
    this.name = "BadInputError";
    this.problems = list;
  }
}
