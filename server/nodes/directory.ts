import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.ts';
import { hopsoNodes } from './schema.ts';

export interface NodeInfo {
  id: string;
  url: string;
}

/**
 * This node's row in hopso_nodes, stamped every `beatMs`, and what it sees of the others: a
 * node not stamped for `deadMs` is dead, and listeners are told once (owners drop its sites).
 */
export class NodeDirectory {
  readonly self: NodeInfo;
  private readonly db: Db;
  private readonly deadMs: number;
  private readonly log: FastifyBaseLogger;
  private timer: NodeJS.Timeout | null = null;
  private alive = new Map<string, NodeInfo>();
  private readonly deathListeners = new Set<(nodeId: string) => void>();
  private readonly lookups = new Map<string, Promise<string | undefined>>();

  constructor(opts: { db: Db; self: NodeInfo; deadMs: number; log: FastifyBaseLogger }) {
    this.db = opts.db;
    this.self = opts.self;
    this.deadMs = opts.deadMs;
    this.log = opts.log;
  }

  /** Registers this node (a restart under the same id starts afresh) and starts stamping. */
  async start(): Promise<void> {
    const now = new Date();
    await this.db.insert(hopsoNodes).values({ ...this.self, startedAt: now, seenAt: now })
      .onConflictDoUpdate({ target: hopsoNodes.id, set: { url: this.self.url, startedAt: now, seenAt: now } });
    await this.refresh();
    const beat = Math.max(500, Math.floor(this.deadMs / 4));
    this.timer = setInterval(() => void this.beat(), beat);
    this.timer.unref();
  }

  /** The nodes seen alive at the last beat, this one included. */
  nodes(): NodeInfo[] {
    return [...this.alive.values()];
  }

  url(nodeId: string): string | undefined {
    return nodeId === this.self.id ? this.self.url : this.alive.get(nodeId)?.url;
  }

  /**
   * A node's address, looked up in hopso_nodes when this node has not seen it yet: a node that
   * has just started is called (its sites' joins reach the owner) before the next beat here.
   */
  async find(nodeId: string): Promise<string | undefined> {
    const known = this.url(nodeId);
    if (known) return known;
    let lookup = this.lookups.get(nodeId);
    if (!lookup) {
      lookup = this.lookUp(nodeId).finally(() => this.lookups.delete(nodeId));
      this.lookups.set(nodeId, lookup);
    }
    return lookup;
  }

  private async lookUp(nodeId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ id: hopsoNodes.id, url: hopsoNodes.url }).from(hopsoNodes)
      .where(and(eq(hopsoNodes.id, nodeId), gt(hopsoNodes.seenAt, sql`now() - make_interval(secs => ${this.deadMs / 1000})`)));
    if (row) this.alive.set(row.id, row);
    return row?.url;
  }

  onDeath(listener: (nodeId: string) => void): () => void {
    this.deathListeners.add(listener);
    return () => this.deathListeners.delete(listener);
  }

  /** A node found dead by its link failing: told at once, not at the next beat. */
  suspect(nodeId: string): void {
    if (nodeId === this.self.id || !this.alive.delete(nodeId)) return;
    this.died(nodeId);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Gone at once for the others: their sites here move without waiting for the dead time.
    await this.db.delete(hopsoNodes).where(eq(hopsoNodes.id, this.self.id)).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.db.update(hopsoNodes).set({ seenAt: sql`now()` }).where(eq(hopsoNodes.id, this.self.id));
      await this.refresh();
    } catch (err) {
      this.log.warn({ err }, 'node heartbeat failed');
    }
  }

  private async refresh(): Promise<void> {
    const rows = await this.db.select({ id: hopsoNodes.id, url: hopsoNodes.url }).from(hopsoNodes)
      .where(and(gt(hopsoNodes.seenAt, sql`now() - make_interval(secs => ${this.deadMs / 1000})`)));
    const next = new Map(rows.map((r) => [r.id, r]));
    const gone = [...this.alive.keys()].filter((id) => !next.has(id) && id !== this.self.id);
    this.alive = next;
    for (const id of gone) this.died(id);
  }

  private died(nodeId: string): void {
    this.log.warn({ nodeId }, 'node is gone');
    for (const listener of this.deathListeners) {
      try {
        listener(nodeId);
      } catch (err) {
        this.log.error({ err, nodeId }, 'a node death listener failed');
      }
    }
  }
}
