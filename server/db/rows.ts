/**
 * The row an INSERT/UPDATE … RETURNING of one row gives back (or a read under a lock that
 * cannot miss). None means a bug, not a caller's mistake, so it is a plain Error (500).
 */
export function one<T>(rows: readonly T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('Expected one row, got none');
  return row;
}

/** The rows of a raw `db.execute`: postgres.js answers with the rows themselves, PGlite with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
