import type { FastifyInstance } from 'fastify';
import { routerRoutes } from '../helpers/routes.ts';
import type { JsonSchema } from './schema-arbitrary.ts';

/** One HTTP route as the fuzzer sees it: its parameters, query and body, with their schemas when documented. */
export interface Operation {
  method: string;
  /** Fastify's form, e.g. /api/meetings/:id */
  path: string;
  params: { name: string; schema: JsonSchema }[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  body: { schema: JsonSchema; required: boolean } | null;
  /** False for routes the OpenAPI document hides (the docs UI, static files): fuzzed without schemas. */
  documented: boolean;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema: JsonSchema }> };
}

/**
 * Every route the router knows (printRoutes), with the schemas the OpenAPI document gives it
 * (app.swagger()): a route added tomorrow is fuzzed without touching the fuzzer. HEAD is not a
 * route of its own here; GET routes are also sent as HEAD now and then.
 */
export function discoverOperations(app: FastifyInstance): { operations: Operation[]; undocumentedInRouter: string[]; missingFromRouter: string[] } {
  const doc = app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
  const documented = new Map<string, OpenApiOperation>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) documented.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op);
  }
  const routed = routerRoutes(app);
  const operations: Operation[] = [];
  for (const { method, path } of routed) {
    const op = documented.get(`${method} ${path}`);
    operations.push(op ? fromOpenApi(method, path, op) : undocumented(method, path));
  }
  const routedKeys = new Set(routed.map((r) => `${r.method} ${r.path}`));
  return {
    operations,
    undocumentedInRouter: operations.filter((o) => !o.documented).map((o) => `${o.method} ${o.path}`),
    missingFromRouter: [...documented.keys()].filter((k) => !routedKeys.has(k)),
  };
}

function fromOpenApi(method: string, path: string, op: OpenApiOperation): Operation {
  const parameters = op.parameters ?? [];
  const json = op.requestBody?.content?.['application/json'];
  return {
    method, path, documented: true,
    params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
    query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? false })),
    body: json ? { schema: json.schema, required: op.requestBody?.required ?? false } : null,
  };
}

function undocumented(method: string, path: string): Operation {
  const names = [...path.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  return { method, path, documented: false, params: names.map((name) => ({ name, schema: { type: 'string' } })), query: [], body: null };
}

/** The literal path segment before a parameter: `meetings` for :id in /api/meetings/:id/files. */
export function paramKey(path: string, name: string): string {
  const segments = path.split('/');
  const at = segments.findIndex((s) => s === `:${name}` || (name === '*' && s === '*'));
  return `${segments[at - 1] ?? ''}.${name}`;
}

/** What a route's answer is about: its last literal segment before a trailing parameter (`files` for /api/meetings/:id/files). */
export function resourceOf(path: string): string {
  const literal = path.split('/').filter((s) => s && !s.startsWith(':') && s !== '*');
  return literal.at(-1) ?? '';
}
