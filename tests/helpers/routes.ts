import type { FastifyInstance } from 'fastify';

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Parses `printRoutes({ commonPrefix: false })`: a tree drawn with box characters, four columns
 * per level, each node a path piece and, when routes end there, their methods in parentheses.
 */
export function routerRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at + 3) / 4 - 1;
    const match = /^(\S*)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3).trim());
    if (!match) continue;
    stack.length = depth;
    stack.push(match[1]!);
    const path = stack.join('');
    for (const method of (match[2] ?? '').split(',').map((m) => m.trim())) {
      if (HTTP_METHODS.has(method)) out.push({ method, path });
    }
  }
  return out;
}

/** A concrete path: each `:param` (and a `*` wildcard) replaced by its already encoded value. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)|\*/g, (_m, name: string | undefined) => values[name ?? '*'] ?? '');
}
