import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { documentFiles, documents } from '../documents/schema.ts';
import { icsFileName, meetingIcs } from '../invitations/calendar-file.ts';
import { meetings } from '../meetings/schema.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import type { NotificationKind } from './schemas.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/** Kinds whose mail carries the calendar entry (REQUEST, or CANCEL once cancelled). */
const WITH_CALENDAR: ReadonlySet<NotificationKind> = new Set(['invitation', 'meeting_changed', 'postponed', 'cancelled']);
/** Kinds whose mail carries the meeting's current Giấy mời (the replacing one after a change). */
const WITH_INVITATION: ReadonlySet<NotificationKind> = new Set(['invitation', 'meeting_changed', 'postponed']);

/**
 * What one message's attachments come from: the meeting and its latest Giấy mời as issued
 * (the stored, frozen bytes, never a fresh rendering). Read once per message, shared by
 * every recipient; the .ics is made per recipient body (it names the body as attendee).
 */
export class MeetingAttachments {
  private readonly db: Db;
  private readonly meeting: MeetingRow | null;
  private readonly pdf: MailAttachment | null;
  private readonly kind: NotificationKind | undefined;

  private constructor(db: Db, meeting: MeetingRow | null, pdf: MailAttachment | null, kind: NotificationKind | undefined) {
    this.db = db;
    this.meeting = meeting;
    this.pdf = pdf;
    this.kind = kind;
  }

  static async load(db: Db, kind: NotificationKind | undefined, meetingId: string | null | undefined): Promise<MeetingAttachments> {
    if (!kind || !meetingId || !WITH_CALENDAR.has(kind)) return new MeetingAttachments(db, null, null, kind);
    const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
    let pdf: MailAttachment | null = null;
    if (meeting && WITH_INVITATION.has(kind)) {
      const [file] = await db.select({ formatted: documents.formatted, content: documentFiles.content, contentType: documentFiles.contentType })
        .from(documents).innerJoin(documentFiles, eq(documentFiles.documentId, documents.id))
        .where(and(eq(documents.meetingId, meetingId), eq(documents.type, 'GM'))).orderBy(desc(documents.issuedAt), desc(documents.number)).limit(1);
      if (file) pdf = { filename: `Giay-moi-${file.formatted.replace(/[^0-9A-Za-z-]+/g, '-')}.pdf`, content: file.content, contentType: file.contentType };
    }
    return new MeetingAttachments(db, meeting ?? null, pdf, kind);
  }

  async for(bodyId: string, baseUrl: string): Promise<MailAttachment[]> {
    if (!this.meeting || !this.kind) return [];
    const method = this.meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
    const ics: MailAttachment = {
      filename: icsFileName(this.meeting).ascii,
      content: await meetingIcs(this.db, this.meeting, bodyId, baseUrl),
      contentType: `text/calendar; charset=utf-8; method=${method}`,
    };
    return this.pdf ? [ics, this.pdf] : [ics];
  }
}
