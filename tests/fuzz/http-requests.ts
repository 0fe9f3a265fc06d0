import fc from 'fast-check';
import { anyValue, deepJson, nastySegments, nastyString, text } from './nasty.ts';
import { fillPath } from '../helpers/routes.ts';
import { paramKey, type Operation } from './routes.ts';
import { shapedOrMalformed, validShaped, type JsonSchema, type KnownValues } from './schema-arbitrary.ts';

/** Who sends a request: a session (or none, or a forged one) and the CSRF token that session may send. */
export interface Identity {
  name: string;
  /** The Cookie header (session and CSRF secret), or null for an anonymous client. */
  cookie: () => string | null;
  /** The session's own valid CSRF token; null when the fuzzer must never send a valid one (see fixtures). */
  csrf: () => string | null;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** At least one part of the request breaks the route's schema or the protocol. */
  malformed: boolean;
  who: string;
}

type Part<T> = { value: T; malformed: boolean };
const ok = <T>(value: T): Part<T> => ({ value, malformed: false });
/** `arb` once in `n` times, else null. */
const rarely = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const bad = <T>(value: T): Part<T> => ({ value, malformed: true });

const otherMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const querySuffixes = [
  '&%zz=1', '&limit=1&limit=2', '&&&', '&=', `&${'q'.repeat(3000)}=1`, '&status[]=draft', '&a[b][c]=1', '&%00=%00', '&x=1'.repeat(500),
  '&limit=-1', '&offset=1e999', '&scope=mine&scope=all', '&__proto__[x]=1', '&constructor[prototype][x]=1', '&unread=maybe', '&q=%F0%9F',
];

const extraHeaders: Record<string, string>[] = [
  { 'x-forwarded-for': '1.2.3.4, 999.999.999.999, garbage' }, { 'x-forwarded-host': 'evil.example' }, { 'x-forwarded-proto': 'gopher' },
  { accept: 'text/html;q=bad, */*;q=-1' }, { 'accept-encoding': 'gzip;q=0, br, zstd, x-nonsense' }, { range: 'bytes=999999999-' },
  { range: 'bytes=-1,0-0,5-2' }, { 'if-none-match': '*' }, { 'if-modified-since': 'yesterday' }, { origin: 'https://evil.example' },
  { 'accept-language': 'vi;q=x,,,' }, { 'x-http-method-override': 'DELETE' }, { cookie: 'hopso_session=%zz; hopso_session=' },
];

/** Percent-encoding that survives lone surrogates (replaced by U+FFFD: they have no UTF-8 form). */
const encode = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

function queryString(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `q=${encode(text(value))}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      parts.push(`${encode(k)}=${encode(text(item))}`);
    }
  }
  return parts.join('&');
}

function multipart(fileName: string, contentType: string, content: Buffer, boundary = 'fuzzBoundary7MA4YWxk'): Buffer {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]);
}

const fileContent = fc.oneof(
  fc.constant(Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')),
  fc.constant(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  fc.constant(Buffer.alloc(0)),
);

/** Bodies for a route without a JSON body schema (multipart uploads, bodiless writes). */
function looseBody(op: Operation): fc.Arbitrary<Part<{ payload?: string | Buffer; type?: string }>> {
  const file = fc.record({
    name: fc.oneof(fc.constantFrom('bien-ban.pdf', 'so-do.png', 'Báo cáo tháng.docx', 'x.xlsx'), nastyString),
    type: fc.oneof(fc.constantFrom('application/pdf', 'image/png', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), fc.constantFrom('text/html', 'application/x-msdownload', '', '../../x')),
    content: fileContent,
  });
  return fc.oneof(
    fc.constant(ok({})),
    file.map((f) => bad({ payload: multipart(f.name.replace(/[\r\n"]/g, '_'), f.type.replace(/[\r\n]/g, ''), f.content), type: 'multipart/form-data; boundary=fuzzBoundary7MA4YWxk' })),
    file.map((f) => ok({ payload: multipart('bien-ban.pdf', 'application/pdf', f.content), type: 'multipart/form-data; boundary=fuzzBoundary7MA4YWxk' })),
    fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=nope').map((type) => bad({ payload: multipart('a.pdf', 'application/pdf', Buffer.from('x')), type })),
    anyValue.map((v) => bad({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' })),
    ...(writeMethods.has(op.method) ? [] : [fc.constant(bad({ payload: '{}', type: 'application/json' }))]),
  );
}

/** A JSON body from the schema, sent well or badly (wrong type, broken JSON, too big, too deep). */
function jsonBody(schema: JsonSchema, known: KnownValues, bodyLimit: number): fc.Arbitrary<Part<{ payload?: string | Buffer; type?: string }>> {
  const shaped = shapedOrMalformed(schema, known);
  return fc.oneof(
    { weight: 12, arbitrary: shaped.map((p) => ({ value: { payload: JSON.stringify(p.value) ?? '', type: 'application/json' }, malformed: p.malformed })) },
    { weight: 1, arbitrary: shaped.map((p) => bad({ payload: JSON.stringify(p.value)?.slice(0, -1) ?? '{', type: 'application/json' })) },
    { weight: 1, arbitrary: fc.tuple(shaped, fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=utf-16', 'application/json-patch+json', 'multipart/form-data; boundary=x', 'application/octet-stream', ';;;', 'application/jsonx'))
      .map(([p, type]) => bad({ payload: JSON.stringify(p.value) ?? '', type })) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', '"x"', '[]', '\uFEFF{}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}', '{"a":1,"a":2}', 'NaN', '{\'a\':1}', '1e999999')
      .map((payload) => bad({ payload, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom<'array' | 'object'>('array', 'object').map((kind) => bad({ payload: deepJson(50_000, kind), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant(bad({ payload: `{"title":"${'x'.repeat(bodyLimit)}"}`, type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant(bad({})) },
  );
}

export interface RequestContext {
  identities: Identity[];
  known: KnownValues;
  bodyLimit: number;
}

type Param = { name: string; text: string; malformed: boolean };
interface Parts {
  params: Param[];
  query: [Part<unknown>, string | null];
  body: Part<{ payload?: string | Buffer; type?: string }>;
  header: Record<string, string> | null;
  method: string | null;
  csrf: 'own' | 'none' | 'forged' | 'other';
}

/** A request of the route's shape with random values, from a session sending its own CSRF token. */
function validParts(op: Operation, ctx: RequestContext, querySchema: JsonSchema): fc.Arbitrary<Parts> {
  return fc.record({
    params: fc.tuple(...op.params.map((p) => validShaped(p.schema, ctx.known, paramKey(op.path, p.name)).map((v) => ({ name: p.name, text: encode(text(v)), malformed: false })))),
    query: fc.tuple(validShaped(querySchema, ctx.known).map(ok), fc.constant(null)),
    body: op.body
      ? validShaped(op.body.schema, ctx.known).map((v) => ok({ payload: JSON.stringify(v), type: 'application/json' }))
      : op.method === 'POST' ? looseBody(op).filter((b) => !b.malformed) : fc.constant(ok({})),
    header: fc.constant(null),
    method: fc.constant(null),
    csrf: fc.constant('own' as const),
  });
}

/** A request with something wrong in it: parameters, query, body, content type, headers, method or CSRF token. */
function attackParts(op: Operation, ctx: RequestContext, querySchema: JsonSchema): fc.Arbitrary<Parts> {
  const params = fc.tuple(...op.params.map((p) => fc.oneof(
    { weight: 6, arbitrary: shapedOrMalformed(p.schema, ctx.known, paramKey(op.path, p.name)).map((v) => ({ name: p.name, text: encode(text(v.value)), malformed: v.malformed })) },
    { weight: 1, arbitrary: fc.constantFrom(...nastySegments).map((text) => ({ name: p.name, text, malformed: true })) },
  )));
  return fc.record({
    params,
    query: fc.tuple(op.query.length > 0 ? shapedOrMalformed(querySchema, ctx.known, undefined, 1) : fc.constant(ok<unknown>({})), rarely(fc.constantFrom(...querySuffixes), 4)),
    body: op.body ? jsonBody(op.body.schema, ctx.known, ctx.bodyLimit) : looseBody(op),
    header: rarely(fc.constantFrom(...extraHeaders), 5),
    method: rarely(fc.constantFrom(...otherMethods), 12),
    csrf: fc.constantFrom<Parts['csrf']>('own', 'own', 'none', 'forged', 'other'),
  });
}

/** Every kind of request the fuzzer sends to one route: one in three valid-shaped, the rest attacks. */
export function requestArbitrary(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const querySchema: JsonSchema = {
    type: 'object',
    properties: Object.fromEntries(op.query.map((q) => [q.name, q.schema])),
    required: op.query.filter((q) => q.required).map((q) => q.name),
  };
  const anyone = fc.constantFrom(...ctx.identities);
  // Valid-shaped requests mostly come from sessions that send a valid CSRF token (the tenant),
  // so that they get past authentication and CSRF into the handlers.
  const writers = ctx.identities.filter((i) => i.csrf());
  const validSender = writers.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...writers) }, { weight: 1, arbitrary: anyone }) : anyone;
  return fc.record({
    other: anyone,
    sent: fc.oneof(
      { weight: 1, arbitrary: fc.record({ who: validSender, parts: validParts(op, ctx, querySchema) }) },
      { weight: 2, arbitrary: fc.record({ who: anyone, parts: attackParts(op, ctx, querySchema) }) },
    ),
  }).map(({ other, sent: { who, parts } }) => {
    const values = Object.fromEntries(parts.params.map((p) => [p.name, p.text]));
    const [q, suffix] = parts.query;
    const search = [queryString(q.value), suffix ?? ''].join('').replace(/^&/, '');
    const headers: Record<string, string> = { ...(parts.header ?? {}) };
    const cookie = who.cookie();
    if (cookie && !headers['cookie']) headers['cookie'] = cookie;
    const token = parts.csrf === 'own' ? who.csrf() : parts.csrf === 'other' ? other.csrf() : parts.csrf === 'forged' ? 'forged-token-aaaaaaaaaaaa' : null;
    if (token) headers['x-csrf-token'] = token;
    if (parts.body.value.type) headers['content-type'] = parts.body.value.type;
    const method = parts.method ?? (op.method === 'GET' && parts.csrf === 'none' ? 'HEAD' : op.method);
    return {
      method,
      url: fillPath(op.path, values) + (search ? `?${search}` : ''),
      headers,
      ...(parts.body.value.payload !== undefined ? { payload: parts.body.value.payload } : {}),
      malformed: parts.params.some((p) => p.malformed) || q.malformed || suffix !== null || parts.body.malformed || parts.method !== null || parts.header !== null,
      who: who.name,
    };
  });
}
