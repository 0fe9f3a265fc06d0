import fc from 'fast-check';
import { anyValue, nastyNumber, nastyString, nastyStrings, text } from './nasty.ts';

/**
 * The part of JSON Schema the app's schemas use, as TypeBox writes it (anyOf, const) and as
 * @fastify/swagger turns it into OpenAPI 3.0 (nullable).
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  not?: JsonSchema;
  nullable?: boolean;
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

/** Values the app already holds (fixture ids, live peer ids…), by field name then by format. */
export type KnownValues = (key: string | undefined, schema: JsonSchema) => readonly unknown[];

const typeOf = (s: JsonSchema): string | undefined => (Array.isArray(s.type) ? s.type[0] : s.type);

function fresh(schema: JsonSchema, known: KnownValues, key: string | undefined): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (branches) return fc.oneof(...branches.map((b) => validShaped(b, known, key)));
  switch (typeOf(schema)) {
    case 'string':
      return stringArb(schema);
    case 'integer': {
      const min = schema.minimum ?? -100;
      const arb = fc.integer({ min, max: schema.maximum ?? min + 10_000 });
      return schema.not?.const !== undefined ? arb.filter((n) => n !== schema.not!.const) : arb;
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 3, Math.max(minLength, 3));
      const item = validShaped(schema.items ?? {}, known, key);
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength, maxLength });
    }
    case 'object':
      return objectArb(schema, known);
    default:
      return anyValue;
  }
}

function stringArb(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case undefined:
      break;
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme-ascii' }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
  );
}

function objectArb(schema: JsonSchema, known: KnownValues): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  if (Object.keys(props).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 3 });
  // Each optional field in one value out of three: a random value in every optional field
  // would almost always break some business rule, and the request would never get further.
  const entries = Object.entries(props).map(([name, prop]) => {
    const field = validShaped(prop, known, name).map((v): [string, unknown] => [name, v]);
    return schema.required?.includes(name) ? field : fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: field });
  });
  return fc.tuple(...entries).map((pairs) => Object.fromEntries(pairs.filter((p): p is [string, unknown] => p !== null)));
}

/**
 * A value of the schema's shape with random content, preferring values the app knows
 * (so that a random body names a real meeting often enough to get past "not found").
 */
export function validShaped(schema: JsonSchema, known: KnownValues, key?: string): fc.Arbitrary<unknown> {
  const generated = fresh(schema, known, key);
  const base = schema.nullable ? fc.oneof({ weight: 5, arbitrary: generated }, { weight: 1, arbitrary: fc.constant(null) }) : generated;
  return fc.nat().chain((i) => {
    const values = known(key, schema);
    if (values.length === 0) return base;
    return fc.oneof({ weight: 3, arbitrary: fc.constant(values[i % values.length]) }, { weight: 1, arbitrary: base });
  });
}

type Path = (string | number)[];
interface Node {
  path: Path;
  schema: JsonSchema;
}

/** Every place in `value` with the schema that governs it, the root included. */
function nodes(schema: JsonSchema, value: unknown, path: Path = []): Node[] {
  const branches = schema.anyOf ?? schema.oneOf;
  const effective = branches ? branches.find((b) => typeOf(b) === jsonType(value)) ?? branches[0]! : schema;
  const out: Node[] = [{ path, schema: effective }];
  if (Array.isArray(value) && effective.items) value.forEach((v, i) => out.push(...nodes(effective.items!, v, [...path, i])));
  else if (value && typeof value === 'object' && effective.properties) {
    for (const [k, v] of Object.entries(value)) {
      const prop = effective.properties[k];
      if (prop) out.push(...nodes(prop, v, [...path, k]));
    }
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function setAt(root: unknown, path: Path, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let at = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) delete at[last];
  else Object.defineProperty(at, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A value that breaks one specific rule of the node's schema (just past a bound, outside an enum…). */
function violation(schema: JsonSchema, current: unknown, n: number): unknown {
  const type = typeOf(schema);
  if (schema.enum || schema.const !== undefined) return ['not-in-enum', 'ACCEPT', ` ${text(current)}`, 0][n % 4];
  if (type === 'string') {
    if (schema.format === 'uuid') return [`${text(current)}x`, text(current).toUpperCase().replace(/-/g, ''), 'not-a-uuid', '{00000000-0000-0000-0000-000000000000}'][n % 4];
    const options = [
      schema.maxLength !== undefined ? 'é'.repeat(schema.maxLength + 1) : 'x'.repeat(70_000),
      schema.minLength ? 'x'.repeat(schema.minLength - 1) : '',
      `${text(current)}\n`,
      nastyStrings[n % nastyStrings.length],
    ];
    return options[n % options.length];
  }
  if (type === 'integer' || type === 'number') {
    return [(schema.minimum ?? 0) - 1, (schema.maximum ?? 2 ** 53) + 1, 1.5, text(current), -1e308][n % 5];
  }
  if (type === 'array') return [Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => (Array.isArray(current) ? current[0] ?? 'x' : 'x')), 'a,b', { 0: 'x' }][n % 3];
  if (type === 'object') return [[current], JSON.stringify(current), 'x'][n % 3];
  return nastyStrings[n % nastyStrings.length];
}

const extraKeys = ['__proto__', 'constructor', 'role', 'isAdmin', 'id', 'unitCode', 'convenerBodyId', 'status', 'createdAt', 'userId', ''];

/** Every place in `value` itself, described by a schema or not (the insides of opaque objects too). */
function valuePaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (value !== null && typeof value === 'object' && out.length < 500) {
    for (const [k, v] of Object.entries(value)) valuePaths(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

export type Mutation = 'wrong-type' | 'violate' | 'nasty' | 'drop-required' | 'extra-field' | 'null' | 'anywhere';
const mutations: Mutation[] = ['wrong-type', 'violate', 'nasty', 'drop-required', 'extra-field', 'null', 'anywhere'];

function mutate(schema: JsonSchema, value: unknown, pick: number, kind: Mutation, filler: { any: unknown; str: string; num: number }): unknown {
  const all = nodes(schema, value);
  const node = all[pick % all.length]!;
  const current = node.path.reduce<unknown>((v, step) => (v as Record<string | number, unknown>)?.[step], value);
  switch (kind) {
    case 'wrong-type':
      return setAt(value, node.path, jsonType(filler.any) === jsonType(current) ? [filler.any] : filler.any);
    case 'violate':
      return setAt(value, node.path, violation(node.schema, current, pick));
    case 'nasty':
      return setAt(value, node.path, typeof current === 'number' ? filler.num : filler.str);
    case 'null':
      return setAt(value, node.path, null);
    case 'anywhere': {
      const paths = valuePaths(value);
      return setAt(value, paths[pick % paths.length]!, filler.any);
    }
    case 'drop-required': {
      const objects = all.filter((o) => o.schema.required?.length && jsonType(o.path.reduce<unknown>((v, s) => (v as Record<string, unknown>)?.[s], value)) === 'object');
      const target = objects[pick % Math.max(objects.length, 1)];
      if (!target) return setAt(value, node.path, undefined, true);
      const key = target.schema.required![pick % target.schema.required!.length]!;
      return setAt(value, [...target.path, key], undefined, true);
    }
    case 'extra-field': {
      const objects = all.filter((o) => jsonType(o.path.reduce<unknown>((v, s) => (v as Record<string, unknown>)?.[s], value)) === 'object');
      const target = objects[pick % Math.max(objects.length, 1)];
      return target ? setAt(value, [...target.path, extraKeys[pick % extraKeys.length]!], filler.any) : { value, [extraKeys[pick % extraKeys.length]!]: filler.any };
    }
  }
}

/** A value of the schema's shape with one to three rules broken somewhere in it. */
export function malformed(schema: JsonSchema, known: KnownValues, key?: string): fc.Arbitrary<unknown> {
  const step = fc.record({ pick: fc.nat(), kind: fc.constantFrom(...mutations), any: anyValue, str: nastyString, num: nastyNumber });
  return fc.tuple(validShaped(schema, known, key), fc.array(step, { minLength: 1, maxLength: 3 })).map(([value, steps]) =>
    steps.reduce((v, s) => mutate(schema, v, s.pick, s.kind, s), value),
  );
}

/** Either kind, tagged, so a run can count how many malformed inputs it sent. */
export function shapedOrMalformed(schema: JsonSchema, known: KnownValues, key?: string, malformedWeight = 3): fc.Arbitrary<{ value: unknown; malformed: boolean }> {
  return fc.oneof(
    { weight: 1, arbitrary: validShaped(schema, known, key).map((value) => ({ value, malformed: false })) },
    { weight: malformedWeight, arbitrary: malformed(schema, known, key).map((value) => ({ value, malformed: true })) },
  );
}
