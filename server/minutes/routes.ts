import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { asc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { actorOf } from '../access-log/plugin.ts';
import { authorize, can } from '../auth/policy.ts';
import { documentFiles } from '../documents/schema.ts';
import { meetingLetterhead } from '../invitations/document.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { signedCopy } from '../signing/documents.ts';
import { compareContents } from './diff.ts';
import { minutesPdf, noticePdf } from './documents.ts';
import type { RecordKind } from './model.ts';
import { draftNotice, prefillMinutes } from './prefill.ts';
import { acquireLock, currentRecord, endedAt as endedAtOf, ensureRecord, lockOf, meetingRecordsOf, releaseLock, saveContent } from './records.ts';
import { meetingRecords, meetingRecordVersions, type MeetingRecordRow } from './schema.ts';
import {
  CompareQuery, CompareResponse, ContentBody, KindParams, LockBody, LockResponse, RecordContentSchema, RecordsResponse, RecordView, SaveResponse, ShareBody, StepBody, VersionList,
  type MinutesContent,
} from './schemas.ts';
import { noticeDue, recordView } from './views.ts';
import { kindLabels, startCorrection, takeStep } from './workflow.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RecordsQuery = Type.Object({ follow: Type.Optional(Type.Boolean({ description: 'A follower polling the live draft: the read is not logged again' })) });
const SAVE_LOG_INTERVAL_MS = 60_000;

/**
 * The meeting's biên bản and thông báo kết luận: the working copy (autosaved under one editor's
 * lock), the workflow steps, versions and their comparison, and the documents as PDF.
 */
const minutesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const access = async (request: FastifyRequest, meetingId: string) => {
    const { meeting, resource } = await loadMeetingAccess(app, meetingId);
    const user = authorize(app.units, request.user, 'meeting:read', resource);
    return { meeting, resource, user, powers: { write: can(app.units, user, 'minutes:write', resource), chair: can(app.units, user, 'meeting:chair', resource) } };
  };
  const writer = async (request: FastifyRequest, meetingId: string) => {
    const a = await access(request, meetingId);
    authorize(app.units, a.user, 'minutes:write', a.resource);
    return a;
  };
  const ctx = (request: FastifyRequest) => ({ app, user: request.user!, actor: actorOf(request), ip: request.ip });
  const mustHave = async (meetingId: string, kind: RecordKind) => {
    const record = await currentRecord(app.db, meetingId, kind);
    if (!record) throw new Conflict(`Chưa có ${kindLabels[kind].toLowerCase()}: hãy mở trang soạn thảo. / There is no ${kind} yet.`);
    return record;
  };
  const endedAt = (meetingId: string) => endedAtOf(app.db, meetingId);
  const view = async (request: FastifyRequest, row: MeetingRecordRow, powers: { write: boolean; chair: boolean }, all: MeetingRecordRow[]) =>
    recordView(row, await lockOf(app.db, row.id), request.user!, powers, all.find((r) => r.id === row.correctsId)?.number ?? null);

  app.get('/api/meetings/:id/records', {
    schema: { tags: ['minutes'], summary: "The meeting's biên bản and thông báo kết luận as this reader may see them, the published documents and the notice's due date", params: Params, querystring: RecordsQuery, response: { 200: RecordsResponse } },
  }, async (request) => {
    const { meeting, resource, user, powers } = await access(request, request.params.id);
    const all = await meetingRecordsOf(app.db, meeting.id);
    const follower = can(app.units, user, 'meeting:join', resource);
    const visible = (kind: RecordKind) => {
      const mine = all.filter((r) => r.kind === kind);
      const current = mine.at(-1);
      if (!current) return null;
      if (powers.write || powers.chair) return current;
      if (current.shareLive && follower && current.state !== 'published') return current;
      return mine.filter((r) => r.publishedAt).at(-1) ?? null;
    };
    const minutes = visible('minutes');
    const notice = visible('notice');
    if (!request.query.follow) {
      for (const r of [minutes, notice]) {
        if (r) await app.accessLog.record({ actor: actorOf(request), action: `${r.kind}.read`, documentId: r.documentId, target: r.number ?? `${kindLabels[r.kind]}: ${meeting.title}`, ip: request.ip, details: { state: r.state } });
      }
    }
    const noticePublished = all.some((r) => r.kind === 'notice' && r.publishedAt);
    return {
      minutes: minutes ? await view(request, minutes, powers, all) : null,
      notice: notice ? await view(request, notice, powers, all) : null,
      published: all.filter((r) => r.publishedAt).map((r) => ({
        id: r.id, kind: r.kind, number: r.number, documentId: r.documentId, publishedAt: r.publishedAt!.toISOString(),
        supersededById: r.supersededById, correctsId: r.correctsId, signatures: r.signatures.map((s) => ({ role: s.role, name: s.name, at: s.at })),
      })),
      noticeDue: noticeDue(meeting.status === 'ended' || meeting.status === 'closed' ? await endedAt(meeting.id) : null, noticePublished),
      may: powers,
      meetingStatus: meeting.status,
    };
  });

  app.post('/api/meetings/:id/records/:kind', {
    schema: { tags: ['minutes'], summary: 'Open the working copy (created pre-filled on first use: the notice from the biên bản’s conclusions)', params: KindParams, response: { 200: RecordView } },
  }, async (request) => {
    const { meeting, user, powers } = await writer(request, request.params.id);
    const kind = request.params.kind;
    const row = await ensureRecord(app.db, meeting.id, kind, async () => {
      if (kind === 'minutes') return prefillMinutes(app.db, meeting, app.config.ATTENDANCE_LATE_MINUTES);
      const minutes = await currentRecord(app.db, meeting.id, 'minutes');
      return draftNotice(meeting, (await meetingLetterhead(app.db, app.units, meeting)).fullName, (minutes?.content as MinutesContent | undefined) ?? null);
    }, user.id);
    return view(request, row, powers, await meetingRecordsOf(app.db, meeting.id));
  });

  app.get('/api/meetings/:id/records/:kind/prefill', {
    schema: { tags: ['minutes'], summary: 'What the system knows now (attendance, speaker log, times; the biên bản’s conclusions for a notice), to refresh the draft with', params: KindParams, response: { 200: RecordContentSchema } },
  }, async (request) => {
    const { meeting } = await writer(request, request.params.id);
    if (request.params.kind === 'minutes') return prefillMinutes(app.db, meeting, app.config.ATTENDANCE_LATE_MINUTES);
    const minutes = await currentRecord(app.db, meeting.id, 'minutes');
    const head = await meetingLetterhead(app.db, app.units, meeting);
    return draftNotice(meeting, head.fullName, (minutes?.content as MinutesContent | undefined) ?? null);
  });

  app.put('/api/meetings/:id/records/:kind/content', {
    schema: { tags: ['minutes'], summary: 'Autosave: the editor’s content, written durably before the answer (the editor must hold the lock)', params: KindParams, body: ContentBody, response: { 200: SaveResponse } },
  }, async (request) => {
    const { meeting, user } = await writer(request, request.params.id);
    const record = await mustHave(meeting.id, request.params.kind);
    const content = request.body.content;
    if (('items' in content) !== (request.params.kind === 'minutes')) throw new Conflict('Nội dung không đúng loại văn bản. / The content does not fit this record’s kind.');
    const saved = await saveContent(app.db, record.id, user, content);
    // Saves come every second or so: the log keeps one entry a minute per editor, enough to say who changed it when.
    if (!record.loggedAt || saved.updatedAt.getTime() - record.loggedAt.getTime() > SAVE_LOG_INTERVAL_MS || record.updatedBy !== user.id) {
      await app.accessLog.record({ actor: actorOf(request), action: `${record.kind}.change`, documentId: record.documentId, target: `${kindLabels[record.kind]}: ${meeting.title}`, ip: request.ip, details: { revision: saved.revision } });
      await app.db.update(meetingRecords).set({ loggedAt: saved.updatedAt }).where(eq(meetingRecords.id, record.id));
    }
    return { revision: saved.revision, savedAt: saved.updatedAt.toISOString() };
  });

  app.post('/api/meetings/:id/records/:kind/lock', {
    schema: { tags: ['minutes'], summary: 'Take, keep (heartbeat) or take over the editing lock; someone else’s live lock answers 409 naming them', params: KindParams, body: LockBody, response: { 200: LockResponse } },
  }, async (request) => {
    const { meeting, user } = await writer(request, request.params.id);
    const record = await mustHave(meeting.id, request.params.kind);
    const lock = await acquireLock(app.db, record.id, user, request.body.takeover === true);
    return { holderName: lock.holderName, mine: true, expiresAt: lock.expiresAt.toISOString() };
  });

  app.delete('/api/meetings/:id/records/:kind/lock', {
    schema: { tags: ['minutes'], summary: 'Let go of the editing lock', params: KindParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const { meeting, user } = await writer(request, request.params.id);
    const record = await currentRecord(app.db, meeting.id, request.params.kind);
    if (record) await releaseLock(app.db, record.id, user.id);
    return reply.code(204).send(null);
  });

  app.post('/api/meetings/:id/records/:kind/steps', {
    schema: { tags: ['minutes'], summary: 'One workflow step: submit, request_changes (with a note), revise, approve, sign_secretary, sign_chair, publish; 409 with the reason when the state does not allow it', params: KindParams, body: StepBody, response: { 200: RecordView } },
  }, async (request) => {
    const row = await takeStep(ctx(request), request.params.id, request.params.kind, request.body);
    const { powers } = await access(request, request.params.id);
    return view(request, row, powers, await meetingRecordsOf(app.db, request.params.id));
  });

  app.post('/api/meetings/:id/records/:kind/correction', {
    schema: { tags: ['minutes'], summary: 'Start a correction of the published document: a new version, numbered and signed anew, that refers to the old one', params: KindParams, response: { 200: RecordView } },
  }, async (request) => {
    const row = await startCorrection(ctx(request), request.params.id, request.params.kind);
    const { powers } = await access(request, request.params.id);
    return view(request, row, powers, await meetingRecordsOf(app.db, request.params.id));
  });

  app.post('/api/meetings/:id/records/:kind/share', {
    schema: { tags: ['minutes'], summary: 'The chủ trì lets the participants follow the draft live (or stops it)', params: KindParams, body: ShareBody, response: { 200: RecordView } },
  }, async (request) => {
    const { meeting, resource, user, powers } = await access(request, request.params.id);
    authorize(app.units, user, 'meeting:chair', resource);
    const record = await mustHave(meeting.id, request.params.kind);
    const [row] = await app.db.update(meetingRecords).set({ shareLive: request.body.live }).where(eq(meetingRecords.id, record.id)).returning();
    return view(request, row!, powers, await meetingRecordsOf(app.db, meeting.id));
  });

  app.get('/api/meetings/:id/records/:kind/versions', {
    schema: { tags: ['minutes'], summary: 'Every kept version of the current record (each workflow step)', params: KindParams, response: { 200: VersionList } },
  }, async (request) => {
    const { meeting } = await writer(request, request.params.id);
    const record = await currentRecord(app.db, meeting.id, request.params.kind);
    if (!record) return { items: [] };
    const rows = await app.db.select().from(meetingRecordVersions).where(eq(meetingRecordVersions.recordId, record.id)).orderBy(asc(meetingRecordVersions.version));
    return { items: rows.map((v) => ({ version: v.version, action: v.action, fromState: v.fromState, toState: v.toState, note: v.note, byName: v.byName, at: v.at.toISOString() })) };
  });

  app.get('/api/meetings/:id/records/:kind/compare', {
    schema: { tags: ['minutes'], summary: 'Two versions compared section by section (version 0 is the working copy)', params: KindParams, querystring: CompareQuery, response: { 200: CompareResponse } },
  }, async (request) => {
    const { meeting } = await writer(request, request.params.id);
    const record = await mustHave(meeting.id, request.params.kind);
    const rows = await app.db.select().from(meetingRecordVersions).where(eq(meetingRecordVersions.recordId, record.id));
    const pick = (n: number) => {
      const v = rows.find((r) => r.version === n);
      if (!v) throw new Conflict(`Không có phiên bản ${n}. / There is no version ${n}.`, { versions: rows.map((r) => r.version) });
      return v.content;
    };
    return { a: request.query.a, b: request.query.b, sections: compareContents(pick(request.query.a), pick(request.query.b)) };
  });

  app.get('/api/meetings/:id/records/:kind/pdf', {
    schema: {
      tags: ['minutes'], summary: 'The document as PDF: the published signed copy for readers; the signed copy or an unnumbered preview for the secretary and chủ tọa',
      params: KindParams, produces: ['application/pdf'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const { meeting, powers } = await access(request, request.params.id);
    const kind = request.params.kind;
    const all = (await meetingRecordsOf(app.db, meeting.id)).filter((r) => r.kind === kind);
    const published = all.filter((r) => r.publishedAt).at(-1);
    const current = all.at(-1);
    // The preview of a draft; or a record entered in the register without its bytes (the demo
    // history), laid out anew from its content and number, as the Giấy mời of one issued
    // before documents were kept is.
    const layout = async (row: MeetingRecordRow) => {
      const issuedAt = row.publishedAt ?? new Date();
      return kind === 'minutes'
        ? (await minutesPdf(app.db, app.units, meeting, row, row.number ?? '   /BB', issuedAt, row.signatures.find((x) => x.role === 'secretary')?.name ?? request.user!.fullName)).pdf
        : (await noticePdf(app.db, app.units, meeting, row, row.number ?? '   /TB', issuedAt, { position: meeting.chairPosition, fullName: meeting.chairName })).pdf;
    };
    let pdf: Buffer | null = null;
    let target: MeetingRecordRow | undefined;
    if (powers.write || powers.chair) {
      target = current;
      if (current?.documentId) pdf = await signedCopy(app.db, current.documentId);
      if (current && !pdf) pdf = await layout(current);
    } else if (published) {
      target = published;
      const [file] = await app.db.select().from(documentFiles).where(eq(documentFiles.documentId, published.documentId!));
      pdf = file?.content ?? await layout(published);
    }
    if (!target) throw new Conflict(`${kindLabels[kind]} chưa được ban hành. / The ${kind} has not been published.`);
    if (!pdf) throw new NotFound('PDF');
    await app.accessLog.record({ actor: actorOf(request), action: 'document.read', documentId: target.documentId, target: target.number ?? `${kindLabels[kind]}: ${meeting.title}`, ip: request.ip, details: { kind, state: target.state } });
    const name = `${kind === 'minutes' ? 'Bien-ban' : 'Thong-bao'}-${(target.number ?? 'du-thao').replace(/\//g, '-')}.pdf`;
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).send(pdf);
  });
};

export default minutesRoutes;
