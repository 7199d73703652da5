// The few error classes Tenet throws. Only cli/main.ts turns them into exit codes.

/** The command line is wrong: unknown flag value, missing argument. Exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Input could not be read or understood as a whole (not one bad document: that is a Diagnostic). Exit 2. */
export class SourceError extends Error {
  override readonly name = "SourceError";
}

/** A bug or an unexpected state in Tenet itself. Exit 3. */
export class InternalError extends Error {
  override readonly name = "InternalError";
}
