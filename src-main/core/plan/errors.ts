/** A problem found in a plan or inventory file, at a 1-based line and column. */
export interface PlanError {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Success with a value, or the expected failure with its reasons: never thrown. */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function fail<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error };
}

/** `FILE:LINE:COL: message`, the one-line form the CLI prints and editors can jump to. */
export function formatPlanError(e: PlanError): string {
  return `${e.file}:${e.line}:${e.col}: ${e.message}`;
}

/** Orders errors by file, then position, so output is stable and reads top to bottom. */
export function sortPlanErrors(errors: readonly PlanError[]): PlanError[] {
  return [...errors].sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.col - b.col,
  );
}

/** A position inside a file, 1-based. */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
}
