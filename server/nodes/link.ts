import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import { DomainError, Unavailable, type ErrorCode } from '../lib/errors.ts';
import type { NodeDirectory } from './directory.ts';

export type NodeHandler = (args: unknown, from: string) => Promise<unknown>;

/** What the link needs of the node directory: where the nodes are, and to report one dead. */
export type LinkDirectory = Pick<NodeDirectory, 'self' | 'url' | 'find' | 'suspect'>;

const SECRET_HEADER = 'x-hopso-node-secret';
/** A call to another node that takes longer is failed (the node is overloaded or gone). */
const CALL_TIMEOUT_MS = 15_000;

const timedOut = (err: unknown) => err instanceof Error && (err.name === 'TimeoutError' || (err.cause instanceof Error && err.cause.name === 'TimeoutError'));
/** Larger than any call (a join answer of a national meeting lists a few thousand sites). */
const MAX_BODY = 16 * 1024 * 1024;
/** Calls to one node in one turn of the event loop travel in one request, at most this many. */
const MAX_BATCH = 200;
const BATCH = '_batch';

type Answer = { ok?: unknown; error?: { code: ErrorCode; message: string; details?: unknown } };
interface Pending { name: string; args: unknown; resolve(value: unknown): void; reject(err: unknown): void }

/** The other side answered with a domain error: the same code and message reach the caller. */
class RemoteError extends DomainError {
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(code, message, details);
  }
}

/**
 * The node-to-node link: each node serves named calls on its internal port (NODE_PORT, never the
 * public one), and calls the others' by their NODE_URL with the shared NODE_SECRET. A call to
 * this node itself runs in-process. Domain errors cross as they are; a node that cannot be
 * reached is reported dead to the directory and the caller gets `unavailable`. A call that only
 * takes too long fails (`unavailable`) without that report: the node is alive but busy, and
 * finding it dead would send every site of its meetings here away to reconnect — more load on
 * it, more slow calls. If it is hung, its heartbeat stops and the directory finds it dead.
 *
 * Calls to one node made in the same turn of the event loop go as one request (a national
 * meeting's thousand joins and roll-call answers a second from a node's sites): each is run by
 * the other node as if it came alone, and each caller gets its own answer or error.
 */
export class NodeLink {
  private readonly handlers = new Map<string, NodeHandler>();
  private readonly directory: LinkDirectory;
  private readonly secret: Buffer;
  private readonly log: FastifyBaseLogger;
  private readonly callTimeoutMs: number;
  private server: Server | null = null;
  private readonly outbox = new Map<string, Pending[]>();
  /** Requests served from other nodes (each may carry many calls). */
  requestsServed = 0;

  constructor(opts: { directory: LinkDirectory; secret: string; log: FastifyBaseLogger; callTimeoutMs?: number }) {
    this.directory = opts.directory;
    this.secret = Buffer.from(opts.secret);
    this.log = opts.log;
    this.callTimeoutMs = opts.callTimeoutMs ?? CALL_TIMEOUT_MS;
  }

  get self(): string {
    return this.directory.self.id;
  }

  handle(name: string, handler: NodeHandler): void {
    this.handlers.set(name, handler);
  }

  async call<T = unknown>(nodeId: string, name: string, args: unknown): Promise<T> {
    if (nodeId === this.self) return (await this.run(name, args, nodeId)) as T;
    if (!(await this.directory.find(nodeId))) throw this.gone(nodeId);
    return new Promise<T>((resolve, reject) => {
      let calls = this.outbox.get(nodeId);
      if (!calls || calls.length >= MAX_BATCH) {
        calls = [];
        this.outbox.set(nodeId, calls);
        const batch = calls;
        setImmediate(() => {
          if (this.outbox.get(nodeId) === batch) this.outbox.delete(nodeId);
          void this.send(nodeId, batch);
        });
      }
      calls.push({ name, args, resolve: resolve, reject });
    });
  }

  /** One call goes as itself; several as one batch whose answers are handed back in order. */
  private async send(nodeId: string, calls: Pending[]): Promise<void> {
    const single = calls.length === 1 ? calls[0]! : null;
    try {
      const answer = single
        ? await this.post(nodeId, single.name, single.args)
        : await this.post(nodeId, BATCH, calls.map(({ name, args }) => ({ name, args })));
      const answers = single ? [answer] : (answer.ok as Answer[] | undefined) ?? calls.map(() => answer);
      calls.forEach((c, i) => settle(c, answers[i] ?? {}));
    } catch (err) {
      for (const c of calls) c.reject(err);
    }
  }

  private async post(nodeId: string, name: string, args: unknown): Promise<Answer> {
    const url = this.directory.url(nodeId);
    if (!url) throw this.gone(nodeId);
    const slow = () => {
      this.log.warn({ nodeId, name, ms: this.callTimeoutMs }, 'node call timed out');
      return new Unavailable(`Máy chủ ${nodeId} đang quá tải; hãy thử lại. / Node ${nodeId} is too busy; please try again.`, { reason: 'node_slow' });
    };
    let res: Response;
    try {
      res = await fetch(`${url}/node/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: this.secret.toString(), 'x-hopso-node': this.self },
        body: JSON.stringify(args ?? null),
        signal: AbortSignal.timeout(this.callTimeoutMs),
      });
    } catch (err) {
      if (timedOut(err)) throw slow();
      this.log.warn({ err, nodeId, name }, 'node call failed');
      this.directory.suspect(nodeId);
      throw new Unavailable(`Máy chủ ${nodeId} không trả lời; hãy vào lại. / Node ${nodeId} does not answer; please rejoin.`, { reason: 'node_gone' });
    }
    return (await res.json().catch((err: unknown) => {
      throw timedOut(err) ? slow() : err;
    })) as Answer;
  }

  private gone(nodeId: string): Unavailable {
    return new Unavailable(`Máy chủ ${nodeId} không còn chạy; hãy vào lại. / Node ${nodeId} is gone; please rejoin.`, { reason: 'node_gone' });
  }

  /** Serves the other nodes' calls on `port`. */
  async listen(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      void this.serve(req).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        },
        (err: unknown) => {
          this.log.error({ err }, 'node link request failed');
          res.writeHead(500).end();
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const given = Buffer.from(String(req.headers[SECRET_HEADER] ?? ''));
    if (given.length !== this.secret.length || !timingSafeEqual(given, this.secret)) {
      return { status: 403, body: { error: { code: 'forbidden', message: 'bad node secret' } } };
    }
    const name = decodeURIComponent((req.url ?? '').replace(/^\/node\//, ''));
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return { status: 413, body: { error: { code: 'too_large', message: 'node call too large' } } };
      chunks.push(chunk);
    }
    this.requestsServed++;
    const from = String(req.headers['x-hopso-node'] ?? '');
    let args: unknown;
    try {
      args = JSON.parse(Buffer.concat(chunks).toString() || 'null');
    } catch {
      return { status: 400, body: { error: { code: 'invalid_input', message: 'node call is not JSON' } } };
    }
    if (name !== BATCH) return { status: 200, body: await this.answer(name, args, from) };
    // Each call of a batch runs as if it came alone: they interleave, and one's error is its own.
    const calls = Array.isArray(args) ? (args as { name: string; args: unknown }[]) : [];
    return { status: 200, body: { ok: await Promise.all(calls.map((c) => this.answer(String(c.name), c.args, from))) } };
  }

  private async answer(name: string, args: unknown, from: string): Promise<Answer> {
    try {
      return { ok: (await this.run(name, args, from)) ?? null };
    } catch (err) {
      if (err instanceof DomainError) return { error: { code: err.code, message: err.message, details: err.details } };
      this.log.error({ err, name }, 'node call handler failed');
      return { error: { code: 'internal', message: 'Lỗi máy chủ. / Internal error on another node.' } };
    }
  }

  private run(name: string, args: unknown, from: string): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (!handler) return Promise.reject(new Unavailable(`No node call ${name}`));
    return handler(args, from);
  }
}

function settle(call: Pending, answer: Answer): void {
  if (answer.error) call.reject(new RemoteError(answer.error.code, answer.error.message, answer.error.details));
  else call.resolve(answer.ok);
}
