/**
 * The row an INSERT/UPDATE … RETURNING of one row gives back (or a read under a lock that
 * cannot miss). None means a bug, not a caller's mistake, so it is a plain Error (500).
 */
export function one<T>(rows: readonly T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('Expected one row, got none');
  return row;
}
