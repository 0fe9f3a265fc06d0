import { and, eq, max } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../access-log/log.ts';
import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { DbOrTx } from '../db/client.ts';
import { issueDocument } from '../documents/numbering.ts';
import { storeDocumentFile } from '../documents/stored.ts';
import { Conflict, Forbidden, InvalidInput } from '../lib/errors.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { clearNoticeReminders } from '../notifications/reminders.ts';
import { pushNotifications, storeInviteeNotifications, storeNotifications } from '../notifications/notify.ts';
import { identityOf } from '../signing/plugin.ts';
import { signedCopy } from '../signing/documents.ts';
import { minutesPdf, noticePdf } from './documents.ts';
import { actionLabels, stateLabels, stepFor, type RecordAction, type RecordKind, type RecordState } from './model.ts';
import { currentRecord, endedAt } from './records.ts';
import { meetingRecords, meetingRecordVersions, type MeetingRecordRow } from './schema.ts';
import type { MinutesContent } from './schemas.ts';

export const kindLabels: Record<RecordKind, string> = { minutes: 'Biên bản', notice: 'Thông báo kết luận' };

/** Keeps the record's content as it stands at a step: versions are never changed afterwards. */
export async function keepVersion(tx: DbOrTx, record: MeetingRecordRow, step: { action: string; from: RecordState | null; to: RecordState; note?: string | null }, by: { id: string; name: string }) {
  const [last] = await tx.select({ v: max(meetingRecordVersions.version) }).from(meetingRecordVersions).where(eq(meetingRecordVersions.recordId, record.id));
  await tx.insert(meetingRecordVersions).values({
    recordId: record.id, version: (last?.v ?? 0) + 1, action: step.action, fromState: step.from, toState: step.to,
    note: step.note ?? null, content: record.content, byId: by.id, byName: by.name,
  });
}

function refuse(kind: RecordKind, state: RecordState, action: RecordAction, allowedFrom: readonly RecordState[]): Conflict {
  const from = allowedFrom.map((s) => `"${stateLabels[s]}"`).join(', ');
  return new Conflict(
    `Không thể ${actionLabels[action]} ${kindLabels[kind].toLowerCase()} đang ở trạng thái "${stateLabels[state]}"` +
      `${from ? ` (chỉ được khi ${from})` : ''}. / Cannot ${action} a ${kind} that is ${state}.`,
    { state, action, allowedFrom },
  );
}

export interface StepInput {
  action: RecordAction;
  note?: string | undefined;
}

export interface StepContext {
  app: FastifyInstance;
  user: SessionUser;
  actor: Actor;
  ip: string;
}

/**
 * Takes one workflow step on the meeting's current record of `kind`, as the transition table
 * (model.ts) allows: who may take it is checked first (403), then whether the record's state
 * allows it (409 with the reason). Signing numbers the document in the body's BB or TB
 * sequence at the first signature and appends each signature to the kept signed copy.
 */
export async function takeStep(ctx: StepContext, meetingId: string, kind: RecordKind, input: StepInput): Promise<MeetingRecordRow> {
  const { app, user } = ctx;
  const { meeting, resource } = await loadMeetingAccess(app, meetingId);
  const generic = stepFor(input.action, 'minutes') ?? stepFor(input.action, 'notice')!;
  authorize(app.units, user, generic.by === 'chair' ? 'meeting:chair' : 'minutes:write', resource);
  const record = await currentRecord(app.db, meetingId, kind);
  if (!record) throw new Conflict(`Chưa có ${kindLabels[kind].toLowerCase()} để ${actionLabels[input.action]}. / There is no ${kind} yet.`);
  const step = stepFor(input.action, kind);
  if (!step) throw new Conflict(`${kindLabels[kind]} không có bước "${actionLabels[input.action]}". / A ${kind} has no step ${input.action}.`, { action: input.action });
  if (!step.from.includes(record.state)) throw refuse(kind, record.state, input.action, step.from);
  const note = input.note?.trim() || null;
  if (step.needsNote && !note) throw new InvalidInput('Cần nêu nội dung cần chỉnh sửa. / Say what needs changing.', { field: 'note' });
  if (input.action === 'submit' && meeting.status !== 'ended' && meeting.status !== 'closed') {
    throw new Conflict('Cuộc họp chưa kết thúc: trình duyệt sau khi chủ trì kết thúc cuộc họp. / The meeting has not ended yet.', { meetingStatus: meeting.status });
  }

  if (input.action === 'sign_secretary' || input.action === 'sign_chair') {
    // A signature is personal: the meeting's named thư ký / chủ tọa signs in that capacity
    // (anyone with the role only when the meeting names nobody).
    const named = input.action === 'sign_secretary' ? meeting.secretaryUserId : meeting.chairUserId;
    if (named && named !== user.id) {
      throw new Forbidden(input.action === 'sign_secretary'
        ? 'Chỉ thư ký của cuộc họp được ký với tư cách THƯ KÝ. / Only the meeting\'s named secretary signs as THƯ KÝ.'
        : 'Chỉ chủ trì của cuộc họp được ký với tư cách CHỦ TỌA. / Only the meeting\'s named chair signs as CHỦ TỌA.');
    }
    return sign(ctx, meeting, record, input.action);
  }
  if (input.action === 'publish') return publish(ctx, meeting, record);
  // A biên bản opened during the meeting learns its end time when it is submitted.
  const content = input.action === 'submit' && kind === 'minutes' && !(record.content as MinutesContent).endedAt
    ? { ...(record.content as MinutesContent), endedAt: (await endedAt(app.db, meeting.id))?.toISOString() ?? null }
    : record.content;
  return app.db.transaction(async (tx) => {
    const [moved] = await tx.update(meetingRecords).set({ state: step.to, content, updatedAt: new Date(), updatedBy: user.id })
      .where(and(eq(meetingRecords.id, record.id), eq(meetingRecords.state, record.state))).returning();
    if (!moved) throw refuse(kind, record.state, input.action, step.from);
    await keepVersion(tx, moved, { action: input.action, from: record.state, to: step.to, note }, { id: user.id, name: user.fullName });
    await app.accessLog.record({ actor: ctx.actor, action: `${kind}.${input.action}`, documentId: record.documentId, target: `${kindLabels[kind]}: ${meeting.title}`, ip: ctx.ip, details: { from: record.state, to: step.to, note } }, tx);
    if (step.by === 'writer' && meeting.chairUserId) {
      const rows = await storeNotifications(tx, [{ userId: meeting.chairUserId }], { kind: 'reminder', title: `${kindLabels[kind]} trình duyệt: ${meeting.title}`, body: `${user.fullName} đã ${actionLabels[input.action]}.`, meetingId });
      setImmediate(() => pushNotifications(app, rows));
    }
    return moved;
  });
}

async function sign(ctx: StepContext, meeting: MeetingRow, record: MeetingRecordRow, action: 'sign_secretary' | 'sign_chair'): Promise<MeetingRecordRow> {
  const { app, user } = ctx;
  const kind = record.kind;
  const to: RecordState = action === 'sign_secretary' ? 'secretary_signed' : 'signed';
  // The first signature (the secretary's on a biên bản, the only one on a notice) renders the numbered document.
  const firstSignature = kind === 'notice' || action === 'sign_secretary';
  let documentId = record.documentId;
  let number = record.number;
  let pdf: Buffer | null;
  let box;
  if (firstSignature) {
    const issuedAt = new Date();
    if (!documentId || !number) {
      // The number is taken at the first signature (NĐ 30: issued on the day of signing), in the
      // body's one sequence for the year, shared with its Giấy mời and every other type
      // (shared/domain.md: one sequence per issuing body per calendar year).
      const issued = await app.db.transaction(async (tx) => {
        const [locked] = await tx.select().from(meetingRecords).where(eq(meetingRecords.id, record.id)).for('update');
        if (!locked || locked.state !== record.state || locked.documentId) throw refuse(kind, locked?.state ?? record.state, action, [record.state]);
        const doc = await issueDocument(tx, {
          bodyId: meeting.convenerBodyId, type: kind === 'minutes' ? 'BB' : 'TB', meetingId: meeting.id, issuedAt,
          subject: kind === 'minutes' ? `Biên bản ${meeting.title}` : `Thông báo kết luận ${meeting.title}`,
          signer: kind === 'minutes' ? { position: 'Chủ tọa', fullName: meeting.chairName } : { position: user.position || 'Chủ trì', fullName: user.fullName },
        });
        await tx.update(meetingRecords).set({ documentId: doc.id, number: doc.formatted }).where(eq(meetingRecords.id, record.id));
        return doc;
      });
      documentId = issued.id;
      number = issued.formatted;
    }
    const fresh = { ...record, documentId, number };
    const r = kind === 'minutes'
      ? await minutesPdf(app.db, app.units, meeting, fresh, number, issuedAt, user.fullName).then((x) => ({ pdf: x.pdf, box: x.secretaryBox }))
      : await noticePdf(app.db, app.units, meeting, fresh, number, issuedAt, { position: user.position || 'Chủ trì', fullName: user.fullName }).then((x) => ({ pdf: x.pdf, box: x.signatureBox }));
    pdf = r.pdf;
    box = r.box;
  } else {
    pdf = documentId ? await signedCopy(app.db, documentId) : null;
    if (!pdf || !number) throw new Conflict('Chưa có bản đã ký của thư ký. / The secretary’s signed copy is missing.');
    // The chủ tọa's block is the right-hand one, level with the secretary's: found by laying the page out again.
    const secretary = record.signatures.find((x) => x.role === 'secretary')?.name ?? user.fullName;
    box = (await minutesPdf(app.db, app.units, meeting, record, number, new Date(), secretary)).chairBox;
  }
  await app.signing.signDocument({
    documentId: documentId!, pdf, identity: identityOf(user),
    field: { page: box.page, rect: box, sealOf: kind === 'notice' ? user.body.name : undefined, reason: action === 'sign_secretary' ? 'Thư ký ký biên bản' : kind === 'minutes' ? 'Chủ tọa ký biên bản' : 'Ký ban hành thông báo kết luận', location: meeting.hostRoom || undefined },
    actor: ctx.actor, ip: ctx.ip,
  });
  return app.db.transaction(async (tx) => {
    const signature = { role: action === 'sign_secretary' ? 'secretary' as const : 'chair' as const, userId: user.id, name: user.fullName, at: new Date().toISOString() };
    const [moved] = await tx.update(meetingRecords).set({ state: to, signatures: [...record.signatures, signature], updatedAt: new Date(), updatedBy: user.id })
      .where(and(eq(meetingRecords.id, record.id), eq(meetingRecords.state, record.state))).returning();
    if (!moved) throw refuse(kind, record.state, action, [record.state]);
    await keepVersion(tx, moved, { action, from: record.state, to }, { id: user.id, name: user.fullName });
    return moved;
  });
}

/**
 * Publishes a signed record: its signed bytes are frozen in the register with their hash,
 * every invited body is told and can read it, a correction supersedes what it corrects, and
 * `minutes.published` / `notice.published` carries the conclusions to whoever makes tasks of them.
 */
async function publish(ctx: StepContext, meeting: MeetingRow, record: MeetingRecordRow): Promise<MeetingRecordRow> {
  const { app, user } = ctx;
  const kind = record.kind;
  const pdf = await signedCopy(app.db, record.documentId!);
  if (!pdf) throw new Conflict('Chưa có bản đã ký. / There is no signed copy.');
  const now = new Date();
  const { moved, after } = await app.db.transaction(async (tx) => {
    const [moved] = await tx.update(meetingRecords).set({ state: 'published', publishedAt: now, updatedAt: now, updatedBy: user.id })
      .where(and(eq(meetingRecords.id, record.id), eq(meetingRecords.state, 'signed'))).returning();
    if (!moved) throw refuse(kind, record.state, 'publish', ['signed']);
    if (record.correctsId) await tx.update(meetingRecords).set({ supersededById: record.id }).where(eq(meetingRecords.id, record.correctsId));
    const fileName = `${kind === 'minutes' ? 'Bien-ban' : 'Thong-bao'}-${record.number!.replace(/\//g, '-')}.pdf`;
    const stored = await storeDocumentFile(tx, record.documentId!, fileName, pdf);
    await keepVersion(tx, moved, { action: 'publish', from: 'signed', to: 'published' }, { id: user.id, name: user.fullName });
    await app.accessLog.record({ actor: ctx.actor, action: 'document.publish', documentId: record.documentId, target: record.number, ip: ctx.ip, details: { kind, sha256: stored.sha256, corrects: record.correctsId } }, tx);
    if (kind === 'notice') await clearNoticeReminders(tx, meeting.id);
    const payload = {
      kind: kind === 'minutes' ? 'minutes_published' as const : 'notice_published' as const,
      title: `${kindLabels[kind]} số ${record.number}: ${meeting.title}`,
      body: record.correctsId ? 'Văn bản đính chính văn bản đã ban hành trước đó.' : 'Đã ký số và ban hành; xem trên trang cuộc họp.',
      meetingId: meeting.id,
    };
    const rows = [...await storeInviteeNotifications(tx, meeting.id, payload), ...await storeNotifications(tx, [{ bodyId: meeting.convenerBodyId }], payload)];
    const conclusions = (record.content).conclusions;
    const event = { kind: kind === 'minutes' ? 'minutes.published' as const : 'notice.published' as const, meeting, recordId: record.id, documentId: record.documentId!, number: record.number!, conclusions, corrects: record.correctsId };
    const listeners = await app.recordEvents.emit(tx, event);
    return { moved, after: () => { pushNotifications(app, rows); listeners(); } };
  });
  after();
  return moved;
}

/**
 * A published record never changes: a correction is a new record (a new version, signed and
 * numbered anew) that refers to the old one and starts from its content.
 */
export async function startCorrection(ctx: StepContext, meetingId: string, kind: RecordKind): Promise<MeetingRecordRow> {
  const { app, user } = ctx;
  const { resource } = await loadMeetingAccess(app, meetingId);
  authorize(app.units, user, 'minutes:write', resource);
  const record = await currentRecord(app.db, meetingId, kind);
  if (!record || record.state !== 'published') {
    throw new Conflict(`Chỉ đính chính được ${kindLabels[kind].toLowerCase()} đã ban hành. / Only a published ${kind} can be corrected.`, { state: record?.state ?? null });
  }
  return app.db.transaction(async (tx) => {
    const [created] = await tx.insert(meetingRecords).values({
      meetingId, kind, content: record.content, correctsId: record.id, createdBy: user.id, updatedBy: user.id,
    }).onConflictDoNothing().returning();
    if (!created) throw new Conflict('Đã có bản đính chính. / A correction already exists.');
    await keepVersion(tx, created, { action: 'correct', from: null, to: 'draft', note: `Đính chính ${record.number}` }, { id: user.id, name: user.fullName });
    await app.accessLog.record({ actor: ctx.actor, action: `${kind}.correct`, documentId: record.documentId, target: record.number, ip: ctx.ip }, tx);
    return created;
  });
}
