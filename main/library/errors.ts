import type { z } from 'zod';

/**
 * Why a library operation failed. The studio maps the code to a localised explanation; the
 * message is already a complete English sentence for logs and for the CLI.
 */
export type LibraryErrorCode =
  /** The data folder cannot be created or written. */
  | 'data-dir-unwritable'
  /** The database file could not be opened for a reason other than damage (locked, disk full…). */
  | 'database-open-failed'
  /** The file was written by a newer StageHost (PRAGMA user_version above what this app knows). */
  | 'schema-too-new'
  /** A migration threw; the database was left at the previous version. */
  | 'migration-failed'
  /** A row read back from a table does not match the domain schema. */
  | 'invalid-row'
  /** Input given to an upsert/update does not match the domain schema or names missing things. */
  | 'invalid-input'
  | 'not-found'
  /** The thing cannot be deleted because something else uses it (e.g. a playlist used by a plan). */
  | 'in-use'
  /** A seed file is not valid JSON or does not match the seed schema. */
  | 'seed-invalid'
  /** A seed file does not exist or cannot be read. */
  | 'seed-missing';

export class LibraryError extends Error {
  constructor(
    readonly code: LibraryErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LibraryError';
  }
}

export function isLibraryError(value: unknown, code?: LibraryErrorCode): value is LibraryError {
  return value instanceof LibraryError && (code === undefined || value.code === code);
}

/** Renders a zod path as a JSON path: `$.products[2].sellingPoints[0]`. */
export function jsonPath(path: readonly PropertyKey[], root = '$'): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** One line per issue, each naming where it is: `$.price: Invalid input: expected number…`. */
export function describeIssues(error: z.ZodError, root = '$', max = 8): string {
  const lines = error.issues.slice(0, max).map((issue) => `${jsonPath(issue.path, root)}: ${issue.message}`);
  if (error.issues.length > max) lines.push(`…and ${error.issues.length - max} more problem(s)`);
  return lines.join('; ');
}

/** The message of an unknown thrown value. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}

/** The `code` property of a Node/SQLite error, if any. */
export function errorCode(value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null && 'code' in value) {
    const code = (value as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
