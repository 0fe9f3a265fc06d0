import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { renderInvitationPdf } from '../documents/giay-moi.ts';
import type { InvitationDocData } from '../documents/types.ts';
import { Conflict } from '../lib/errors.ts';
import { formatDate, inZone } from '../lib/time.ts';
import { agendaItems } from '../meetings/schema.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { InvitationSigner } from './signer.ts';
import { meetingInvitees } from './schema.ts';

/** Up to this many invitees are named one by one; beyond it they are grouped by tier. */
const LIST_LIMIT = 8;
const CENTRAL_PLACE = 'Hà Nội';

interface Invitee {
  bodyId: string;
  unitCode: string;
  bodyName: string;
}

/**
 * The "trân trọng kính mời" lines from the frozen invitee list: each body by name when
 * few, otherwise grouped as a provincial office writes them ("Ủy ban nhân dân các xã,
 * phường thuộc tỉnh Hà Tĩnh"), with the count; the full list is the system's record.
 */
export function inviteeLines(units: UnitIndex, invitees: Invitee[]): string[] {
  if (invitees.length <= LIST_LIMIT) return invitees.map((i) => i.bodyName);
  const provinceUbnd: Invitee[] = [];
  const communeUbndByProvince = new Map<string, Invitee[]>();
  const others: Invitee[] = [];
  for (const inv of invitees) {
    const level = units.get(inv.unitCode)?.level;
    if (!inv.bodyId.endsWith(':ubnd') || level === 'central') others.push(inv);
    else if (level === 'province') provinceUbnd.push(inv);
    else {
      const province = units.provinceOf(inv.unitCode) ?? '';
      communeUbndByProvince.set(province, [...(communeUbndByProvince.get(province) ?? []), inv]);
    }
  }
  const lines: string[] = [];
  if (provinceUbnd.length > 3) lines.push(`Ủy ban nhân dân các tỉnh, thành phố (${provinceUbnd.length} đơn vị)`);
  else lines.push(...provinceUbnd.map((i) => i.bodyName));
  const communeTotal = [...communeUbndByProvince.values()].reduce((n, list) => n + list.length, 0);
  if (communeUbndByProvince.size > 3) {
    lines.push(`Ủy ban nhân dân các xã, phường, đặc khu (${communeTotal.toLocaleString('vi-VN')} đơn vị)`);
  } else {
    for (const [province, list] of communeUbndByProvince) {
      const name = units.get(province)?.name ?? province;
      const all = list.length === units.children(province).length;
      lines.push(list.length <= 3 ? list.map((i) => i.bodyName).join('; ')
        : `Ủy ban nhân dân ${all ? 'các' : `${list.length}`} xã, phường${all ? ', đặc khu' : ''} thuộc ${name.charAt(0).toLowerCase()}${name.slice(1)} (${list.length} đơn vị)`);
    }
  }
  if (others.length <= 5) lines.push(...others.map((i) => i.bodyName));
  else lines.push(`${others.length} cơ quan, đơn vị khác (danh sách kèm theo)`);
  return lines;
}

/** The place name on the date line: the convening unit's province, or its own name for a commune. */
function placeOf(units: UnitIndex, unitCode: string): string {
  const unit = units.get(unitCode);
  if (!unit || unit.level === 'central') return CENTRAL_PLACE;
  return unit.shortName;
}

/**
 * Under its parent, a body's header line drops what the parent line already says (NĐ 30:
 * "UBND TỈNH HÀ TĨNH" over "VĂN PHÒNG", or over "SỞ Y TẾ"); the body line keeps the full name.
 */
function headerName(name: string, parentName: string, unitName: string | undefined): string {
  const strip = (suffix: string) => (name.toLowerCase().endsWith(` ${suffix.toLowerCase()}`) ? name.slice(0, -suffix.length - 1) : null);
  return strip(parentName) ?? (unitName ? strip(unitName) : null) ?? name;
}

/**
 * What a replacing Giấy mời says about the one it replaces (NĐ 30 gives one layout for a
 * Giấy mời; a change after issue is a new Giấy mời with its own number that names the old one).
 */
export interface Replacement {
  number: string;
  issuedAt: Date;
  /** What changed, in words: "thời gian, địa điểm". */
  what: string;
  reason: string;
  /** The answers given to the old one no longer count (the time changed). */
  reconfirm: boolean;
}

/** Everything the Giấy mời prints, read from the issued meeting; rendered once, at issue time, and stored. */
export async function invitationDocData(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, replaces?: Replacement): Promise<InvitationDocData> {
  if (!meeting.invitationNumber || !meeting.invitationIssuedAt) {
    throw new Conflict('Cuộc họp chưa phát hành giấy mời. / Invitations have not been issued for this meeting.');
  }
  const [[convener], agenda, invitees] = await Promise.all([
    db.select().from(bodies).where(eq(bodies.id, meeting.convenerBodyId)),
    db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position)),
    db.select({ bodyId: meetingInvitees.bodyId, unitCode: meetingInvitees.unitCode, bodyName: meetingInvitees.bodyName })
      .from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id)).orderBy(asc(meetingInvitees.unitCode), asc(meetingInvitees.bodyId)),
  ]);
  const parent = convener?.parentBodyId
    ? (await db.select({ name: bodies.name, shortName: bodies.shortName }).from(bodies).where(eq(bodies.id, convener.parentBodyId)))[0]
    : undefined;
  const fullName = convener?.name ?? meeting.convenerBodyId;
  const signer = meeting.invitationSigner as InvitationSigner;
  const online = meeting.form !== 'truc_tiep';
  const venue = meeting.hostRoom || convener?.name || '';
  const notes = meeting.preparation.split(/\n\s*\n|\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (meeting.urgent && meeting.urgentReason) notes.unshift(`Cuộc họp đột xuất: ${meeting.urgentReason}.`);
  if (replaces) {
    notes.unshift(
      `Giấy mời này thay thế Giấy mời số ${replaces.number} ngày ${formatDate(inZone(replaces.issuedAt).toISODate()!)} do thay đổi ${replaces.what}. ` +
        `Lý do: ${replaces.reason.trim().replace(/[.;]+$/, '')}.` +
        (replaces.reconfirm ? ' Đề nghị các cơ quan, đơn vị xác nhận lại việc tham dự.' : ''),
    );
  }
  return {
    ...(parent ? { parentBody: parent.shortName } : {}),
    issuingBody: parent ? headerName(fullName, parent.name, units.get(meeting.unitCode)?.name) : fullName,
    inviter: fullName,
    number: meeting.invitationNumber,
    place: placeOf(units, meeting.unitCode),
    issuedAt: meeting.invitationIssuedAt,
    summary: replaces ? `Dự ${meeting.title}\n(Thay thế Giấy mời số ${replaces.number})` : `Dự ${meeting.title}`,
    invitees: inviteeLines(units, invitees),
    meetingTitle: meeting.title,
    chair: `Đồng chí ${meeting.chairName}${meeting.chairPosition ? `, ${meeting.chairPosition}` : ''}`,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    venue,
    ...(online ? { onlinePoints: `Trực tuyến từ điểm cầu ${venue} đến điểm cầu các cơ quan, đơn vị được mời (hệ thống Họp số)` } : {}),
    agenda: agenda.map((a) => ({ title: a.title, ...(a.presenter ? { presenter: a.presenter } : {}) })),
    notes,
    recipients: ['Như trên;'],
    archiveUnit: convener?.symbol ?? '',
    signer: { ...(signer.authority?.length ? { authority: signer.authority } : {}), position: signer.position, fullName: signer.fullName },
  };
}

/** The Giấy mời of an issued meeting as PDF bytes, with the file name it is served under. */
export async function renderMeetingInvitation(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, replaces?: Replacement) {
  const pdf = await renderInvitationPdf(await invitationDocData(db, units, meeting, replaces));
  return { pdf, fileName: `Giay-moi-${meeting.invitationNumber!.replace(/\//g, '-')}.pdf` };
}
