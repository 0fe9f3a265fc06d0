import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { hopsoNodes } from '../nodes/schema.ts';
import { liveOwners } from './schema.ts';

/**
 * Which node owns a live meeting (live_owners). The first node a site of the meeting reaches
 * claims it; a claim held by a node no longer seen alive (hopso_nodes) is taken over. One
 * statement does both, so two nodes claiming at once get one answer.
 */
export class LiveOwners {
  private readonly db: Db;
  private readonly self: string;
  private readonly deadSeconds: number;

  constructor(db: Db, self: string, deadSeconds: number) {
    this.db = db;
    this.self = self;
    this.deadSeconds = deadSeconds;
  }

  /** The meeting's owner: this node if it was free (or its owner dead), else the live owner. */
  async claim(meetingId: string): Promise<string> {
    const claimed = await this.db.insert(liveOwners).values({ meetingId, nodeId: this.self, since: new Date() })
      .onConflictDoUpdate({
        target: liveOwners.meetingId,
        set: { nodeId: this.self, since: sql`now()` },
        setWhere: sql`${liveOwners.nodeId} = ${this.self} OR NOT EXISTS (
          SELECT 1 FROM ${hopsoNodes} WHERE ${hopsoNodes.id} = ${liveOwners.nodeId}
          AND ${hopsoNodes.seenAt} > now() - make_interval(secs => ${this.deadSeconds}))`,
      })
      .returning({ nodeId: liveOwners.nodeId });
    if (claimed[0]) return claimed[0].nodeId;
    const [row] = await this.db.select({ nodeId: liveOwners.nodeId }).from(liveOwners).where(eq(liveOwners.meetingId, meetingId));
    // Released between the two statements: try again.
    return row?.nodeId ?? this.claim(meetingId);
  }

  /** The node recorded as the meeting's owner, alive or not (null: nobody claimed it). */
  async ownerOf(meetingId: string): Promise<string | null> {
    const [row] = await this.db.select({ nodeId: liveOwners.nodeId }).from(liveOwners).where(eq(liveOwners.meetingId, meetingId));
    return row?.nodeId ?? null;
  }

  /** The room closed here: the next site to come opens it wherever it lands. */
  async release(meetingId: string): Promise<void> {
    await this.db.delete(liveOwners).where(and(eq(liveOwners.meetingId, meetingId), eq(liveOwners.nodeId, this.self)));
  }
}
