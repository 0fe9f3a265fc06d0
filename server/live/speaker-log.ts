import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { speakerLog, type FloorEndReason } from './schema.ts';

export interface SpeakerGrant {
  meetingId: string;
  siteId: string;
  siteName: string;
  userId: string;
  speakerName: string;
  limitSeconds: number | null;
  grantedBy: string;
  grantedAt: Date;
  /** The agenda item open at the grant (0-based) and its title then. */
  agendaIndex: number | null;
  agendaTitle: string | null;
}

export async function insertGrant(db: Db, grant: SpeakerGrant): Promise<string> {
  return one(await db.insert(speakerLog).values(grant).returning({ id: speakerLog.id })).id;
}

export async function endGrant(db: Db, id: string, endedAt: Date, endedBy: FloorEndReason): Promise<void> {
  await db.update(speakerLog).set({ endedAt, endedBy }).where(and(eq(speakerLog.id, id), isNull(speakerLog.endedAt)));
}

export function listSpeakers(db: Db, meetingId: string) {
  return db.select().from(speakerLog).where(eq(speakerLog.meetingId, meetingId)).orderBy(asc(speakerLog.grantedAt));
}
