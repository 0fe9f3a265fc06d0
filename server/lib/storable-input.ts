import type { FastifyInstance } from 'fastify';
import { InvalidInput } from './errors.ts';

/** Why a value cannot be stored, or null. */
function unstorable(value: unknown): string | null {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'phải là số hữu hạn / must be a finite number';
  if (typeof value === 'string' && value.includes('\u0000')) return 'không được chứa ký tự NUL / must not contain the NUL character';
  return null;
}

/** The first place in `value` that cannot be stored, as a JSON pointer with the reason. */
function find(value: unknown, path: string, depth = 0): { path: string; reason: string } | null {
  const reason = unstorable(value);
  if (reason) return { path: path || '/', reason };
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = find(inner, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Validated input is checked once more, after ajv's type coercion, for what the schemas
 * cannot say and the database cannot take:
 * - `coerceTypes` turns the strings "Infinity" and "1e999" into Infinity and then lets it pass
 *   `integer`, `minimum` and `maximum` (ajv-validator/ajv#2212, fastify/fastify#6718), so
 *   `?limit=1e999` reached the database as `limit Infinity` and answered 500;
 * - PostgreSQL text cannot hold NUL (U+0000): `?q=%00` failed in the database with 500.
 */
export function rejectUnstorableInput(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const [part, value] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
      const found = find(value, '');
      if (found) throw new InvalidInput(`Dữ liệu không hợp lệ (${part}): ${found.path} ${found.reason}.`);
    }
  });
}
