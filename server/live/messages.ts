import { asc, eq } from 'drizzle-orm';
import { can, type Resource } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Db } from '../db/client.ts';
import { one } from '../db/rows.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { MessageAudience, RoomMessage } from './protocol.ts';
import { meetingMessages } from './schema.ts';

type MessageRow = typeof meetingMessages.$inferSelect;

/** Messages a site receives when it enters the room: the latest it may read, not a whole day's channel. */
export const HISTORY_LIMIT = 200;
/** Kept in memory per live meeting for late joiners; the table keeps all of them. */
const KEPT_IN_MEMORY = 2000;

export function roomMessage(row: MessageRow): RoomMessage {
  return { id: row.id, siteId: row.siteId, siteName: row.siteName, senderName: row.senderName, to: row.to, text: row.text, at: row.at.toISOString() };
}

/**
 * Who reads which message — one rule for the room, its history and the records route:
 * the convening body, the chủ trì and the secretary read everything (`meeting:messages`);
 * a site reads the notes to all and its own body's questions.
 */
export function readsAllMessages(units: UnitIndex, user: SessionUser, meeting: Resource): boolean {
  return can(units, user, 'meeting:messages', meeting);
}

export function mayRead(message: Pick<RoomMessage, 'to' | 'siteId'>, reader: { siteId: string; readsAll: boolean }): boolean {
  return message.to === 'all' || reader.readsAll || message.siteId === reader.siteId;
}

export interface NewMessage {
  userId: string;
  siteId: string;
  siteName: string;
  senderName: string;
  to: MessageAudience;
  text: string;
}

/** The text channel of one live meeting: stored first, then delivered; recent history kept for late joiners. */
export class LiveMessages {
  private history: RoomMessage[] = [];
  private loading: Promise<void> | null = null;

  private readonly db: Db;
  private readonly meetingId: string;
  constructor(db: Db, meetingId: string) {
    this.db = db;
    this.meetingId = meetingId;
  }

  ready(): Promise<void> {
    if (!this.loading) {
      const loading = this.db.select().from(meetingMessages).where(eq(meetingMessages.meetingId, this.meetingId)).orderBy(asc(meetingMessages.at))
        .then((rows) => {
          // Messages stored meanwhile (sent while this read ran) are already in; keep them after.
          const sent = this.history;
          this.history = [...rows.map(roomMessage).filter((m) => !sent.some((s) => s.id === m.id)), ...sent].slice(-KEPT_IN_MEMORY);
        });
      this.loading = loading;
      loading.catch(() => {
        if (this.loading === loading) this.loading = null;
      });
    }
    return this.loading;
  }

  /** Stores the message (acknowledged means stored) and keeps it for the history. */
  async store(input: NewMessage): Promise<RoomMessage> {
    const row = one(await this.db.insert(meetingMessages).values({ ...input, meetingId: this.meetingId, at: new Date() }).returning());
    const message = roomMessage(row);
    this.history.push(message);
    if (this.history.length > KEPT_IN_MEMORY) this.history.splice(0, this.history.length - KEPT_IN_MEMORY);
    return message;
  }

  /** The latest messages this reader may see, oldest first. */
  visibleTo(reader: { siteId: string; readsAll: boolean }): RoomMessage[] {
    return this.history.filter((m) => mayRead(m, reader)).slice(-HISTORY_LIMIT);
  }
}

/** Every message of a meeting, oldest first (the records route filters what its reader may see). */
export function listMessages(db: Db, meetingId: string) {
  return db.select().from(meetingMessages).where(eq(meetingMessages.meetingId, meetingId)).orderBy(asc(meetingMessages.at));
}
