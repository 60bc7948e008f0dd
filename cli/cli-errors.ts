/**
 * The CLI's errors: one class per way a command can fail, each carrying its exit code.
 * `main` is the one place that prints them and turns them into the process's exit status.
 */

/** One entry of a management API error's `details`. */
export interface ApiErrorDetail {
  target: string;
  message: string;
}

export abstract class CliError extends Error {
  abstract readonly exitCode: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Exit 1: the management API refused the request (`{"error": {code, message, details}}`). */
export class ApiError extends CliError {
  readonly exitCode = 1;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** Exit 2: the command line or an input file is wrong; nothing was sent. */
export class UsageError extends CliError {
  readonly exitCode = 2;

  /** `help`: the usage text of the command that was misused, printed after the message. */
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
  }
}

/** Exit 3: the management API could not be reached (refused, DNS, TLS, timeout). */
export class ConnectionError extends CliError {
  readonly exitCode = 3;
}
