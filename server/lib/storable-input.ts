import type { FastifyInstance } from 'fastify';
import { InvalidInput } from './errors.ts';

/** The first place in `value` holding a number that is not finite, as a JSON pointer. */
function nonFinite(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path || '/';
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFinite(inner, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Validated input is checked once more, after ajv's type coercion: `coerceTypes` turns the
 * strings "Infinity" and "1e999" into Infinity and then lets it pass `integer`, `minimum` and
 * `maximum` (ajv-validator/ajv#2212, fastify/fastify#6718), so `?limit=1e999` reached the
 * database as `limit Infinity` and answered 500. A number that is not finite is invalid input.
 */
export function rejectUnstorableInput(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    for (const [part, value] of [['querystring', request.query], ['params', request.params], ['body', request.body]] as const) {
      const path = nonFinite(value, '');
      if (path) throw new InvalidInput(`Dữ liệu không hợp lệ (${part}): ${path} phải là số hữu hạn. / ${path} must be a finite number.`);
    }
  });
}
