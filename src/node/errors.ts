/** Bad input from the user (a missing file, an invalid scenario, a bad flag): the CLI exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** Preformatted text to print instead of the message (several issues, already located). */
  readonly report?: string;

  constructor(message: string, report?: string) {
    super(message);
    this.report = report;
  }
}

/** Exit codes: 0 success, 1 an internal failure (a bug), 2 bad input or the user's situation (paths, disk). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
