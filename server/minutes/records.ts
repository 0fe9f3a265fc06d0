import { and, asc, desc, eq, isNotNull } from 'drizzle-orm';
import { meetingStatusChanges } from '../meetings/schema.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { Conflict } from '../lib/errors.ts';
import { editableStates, stateLabels, type RecordContent, type RecordKind } from './model.ts';
import { meetingRecordLocks, meetingRecords, type MeetingRecordRow } from './schema.ts';

/** How long a lock lasts without a heartbeat (the editor beats every 10 s). */
export const LOCK_TTL_MS = 30_000;

/** The newest record of a kind (a correction in progress, else the original), or null. */
export async function currentRecord(db: DbOrTx, meetingId: string, kind: RecordKind): Promise<MeetingRecordRow | null> {
  const [row] = await db.select().from(meetingRecords).where(and(eq(meetingRecords.meetingId, meetingId), eq(meetingRecords.kind, kind)))
    .orderBy(desc(meetingRecords.createdAt)).limit(1);
  return row ?? null;
}

/** The newest published record of a kind: what readers see. */
export async function publishedRecord(db: DbOrTx, meetingId: string, kind: RecordKind): Promise<MeetingRecordRow | null> {
  const [row] = await db.select().from(meetingRecords)
    .where(and(eq(meetingRecords.meetingId, meetingId), eq(meetingRecords.kind, kind), isNotNull(meetingRecords.publishedAt)))
    .orderBy(desc(meetingRecords.publishedAt)).limit(1);
  return row ?? null;
}

/** Every record of a meeting (originals and corrections), oldest first. */
export async function meetingRecordsOf(db: DbOrTx, meetingId: string): Promise<MeetingRecordRow[]> {
  return db.select().from(meetingRecords).where(eq(meetingRecords.meetingId, meetingId)).orderBy(meetingRecords.createdAt);
}

/** The original record of a kind, created with `content` if there is none (two at once: the unique index keeps one). */
export async function ensureRecord(db: Db, meetingId: string, kind: RecordKind, content: () => Promise<RecordContent>, userId: string): Promise<MeetingRecordRow> {
  const existing = await currentRecord(db, meetingId, kind);
  if (existing) return existing;
  await db.insert(meetingRecords).values({ meetingId, kind, content: await content(), createdBy: userId, updatedBy: userId }).onConflictDoNothing();
  return (await currentRecord(db, meetingId, kind))!;
}

export type LockRow = typeof meetingRecordLocks.$inferSelect;

export async function lockOf(db: DbOrTx, recordId: string): Promise<LockRow | null> {
  const [row] = await db.select().from(meetingRecordLocks).where(eq(meetingRecordLocks.recordId, recordId));
  return row ?? null;
}

const live = (lock: LockRow | null, now: Date) => lock !== null && lock.expiresAt > now;

/**
 * Takes, renews or (with `takeover`) takes over the editing lock. Someone else's live lock
 * refuses with 409 naming them, so the page can offer the takeover.
 */
export async function acquireLock(db: Db, recordId: string, user: SessionUser, takeover: boolean, now = new Date()): Promise<LockRow> {
  return db.transaction(async (tx) => {
    await tx.select({ id: meetingRecords.id }).from(meetingRecords).where(eq(meetingRecords.id, recordId)).for('update');
    const lock = await lockOf(tx, recordId);
    if (live(lock, now) && lock!.holderId !== user.id && !takeover) {
      throw new Conflict(`${lock!.holderName} đang soạn biên bản này. Chọn "Tiếp quản" để soạn thay. / ${lock!.holderName} is editing; take over to edit.`, { holder: lock!.holderName, expiresAt: lock!.expiresAt.toISOString() });
    }
    const values = { holderId: user.id, holderName: user.fullName, expiresAt: new Date(now.getTime() + LOCK_TTL_MS) };
    const keep = lock && lock.holderId === user.id && live(lock, now);
    return one(await tx.insert(meetingRecordLocks).values({ recordId, acquiredAt: keep ? lock.acquiredAt : now, ...values })
      .onConflictDoUpdate({ target: meetingRecordLocks.recordId, set: { ...values, acquiredAt: keep ? lock.acquiredAt : now } }).returning());
  });
}

export async function releaseLock(db: Db, recordId: string, userId: string): Promise<void> {
  await db.delete(meetingRecordLocks).where(and(eq(meetingRecordLocks.recordId, recordId), eq(meetingRecordLocks.holderId, userId)));
}

export function requireEditable(record: MeetingRecordRow): void {
  if (!editableStates.has(record.state)) {
    throw new Conflict(
      `Không thể sửa khi ở trạng thái "${stateLabels[record.state]}": chỉ sửa được bản dự thảo hoặc bản được yêu cầu chỉnh sửa. / ` +
        `The record cannot be edited while ${record.state}.`,
      { state: record.state },
    );
  }
}

/**
 * Writes the editor's content durably (committed before the answer) under the editor's lock;
 * a lock that lapsed with nobody else holding it is renewed. Returns the new revision.
 */
export async function saveContent(db: Db, recordId: string, user: SessionUser, content: RecordContent, now = new Date()): Promise<MeetingRecordRow> {
  return db.transaction(async (tx) => {
    const [record] = await tx.select().from(meetingRecords).where(eq(meetingRecords.id, recordId)).for('update');
    if (!record) throw new Conflict('Biên bản không còn. / The record is gone.');
    requireEditable(record);
    const lock = await lockOf(tx, recordId);
    if (lock && lock.holderId !== user.id && lock.expiresAt > now) {
      throw new Conflict(`${lock.holderName} đã tiếp quản việc soạn thảo; thay đổi này chưa được lưu. / ${lock.holderName} took over editing; this change was not saved.`, { holder: lock.holderName });
    }
    if (!lock || lock.holderId !== user.id) {
      throw new Conflict('Cần nhận quyền soạn thảo trước khi lưu. / Take the editing lock before saving.', { holder: null });
    }
    await tx.update(meetingRecordLocks).set({ expiresAt: new Date(now.getTime() + LOCK_TTL_MS) }).where(eq(meetingRecordLocks.recordId, recordId));
    return one(await tx.update(meetingRecords).set({ content, revision: record.revision + 1, updatedBy: user.id, updatedAt: now })
      .where(eq(meetingRecords.id, recordId)).returning());
  });
}

/** When the meeting was ended (its first move to 'ended'), or null. */
export async function endedAt(db: DbOrTx, meetingId: string): Promise<Date | null> {
  const [row] = await db.select({ at: meetingStatusChanges.changedAt }).from(meetingStatusChanges)
    .where(and(eq(meetingStatusChanges.meetingId, meetingId), eq(meetingStatusChanges.toStatus, 'ended'))).orderBy(asc(meetingStatusChanges.changedAt)).limit(1);
  return row?.at ?? null;
}
