import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { lowerFirst, renderInvitationPdf } from '../documents/giay-moi.ts';
import type { InvitationDocData } from '../documents/types.ts';
import { Conflict } from '../lib/errors.ts';
import { formatDate, inZone } from '../lib/time.ts';
import { agendaItems } from '../meetings/schema.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { datelinePlace } from '../units/place-name.ts';
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
    const invited = [...communeUbndByProvince.values()].flat().map((i) => i.unitCode);
    lines.push(`Ủy ban nhân dân các ${communeKinds(units, invited)} (${communeTotal.toLocaleString('vi-VN')} đơn vị)`);
  } else {
    for (const [province, list] of communeUbndByProvince) {
      const name = units.get(province)?.name ?? province;
      const all = list.length === units.children(province).length;
      const kinds = communeKinds(units, list.map((i) => i.unitCode));
      lines.push(list.length <= 3 ? list.map((i) => i.bodyName).join('; ')
        : `Ủy ban nhân dân ${all ? 'các' : `${list.length}`} ${kinds} thuộc ${name.charAt(0).toLowerCase()}${name.slice(1)} (${list.length} đơn vị)`);
    }
  }
  if (others.length <= 5) lines.push(...others.map((i) => i.bodyName));
  else lines.push(`${others.length} cơ quan, đơn vị khác (danh sách kèm theo)`);
  return lines;
}

const COMMUNE_KINDS = [['xa', 'xã'], ['phuong', 'phường'], ['dac_khu', 'đặc khu']] as const;

/** "xã, phường" — the kinds of commune among `codes`, so a province without đặc khu never names one. */
function communeKinds(units: UnitIndex, codes: string[]): string {
  const types = new Set(codes.map((c) => units.get(c)?.type));
  const present = COMMUNE_KINDS.filter(([type]) => types.has(type)).map(([, word]) => word);
  return present.length ? present.join(', ') : 'xã, phường';
}

/** The place name on the date line: the convening unit's province, or its own name for a commune. */
function placeOf(units: UnitIndex, unitCode: string): string {
  const unit = units.get(unitCode);
  if (!unit || unit.level === 'central') return CENTRAL_PLACE;
  return datelinePlace(unit);
}

const KIND_PHRASES: Record<MeetingRow['kind'], [noun: string, rest: string]> = {
  tham_muu_tu_van: ['cuộc họp', 'tham mưu, tư vấn'],
  giai_quyet_cong_viec: ['cuộc họp', 'giải quyết công việc'],
  chuyen_mon: ['cuộc họp', 'chuyên môn'],
  giao_ban: ['cuộc họp', 'giao ban'],
  so_ket_tong_ket: ['hội nghị', 'sơ kết, tổng kết'],
  tap_huan: ['hội nghị', 'tập huấn'],
};
const FORM_PHRASES: Record<MeetingRow['form'], string> = {
  truc_tiep: '',
  truc_tuyen: ' theo hình thức trực tuyến',
  ket_hop: ' theo hình thức trực tiếp kết hợp trực tuyến',
};

/**
 * The "Tới dự:" line: what kind of meeting, urgent or not, in what form — the title is
 * already the summary just above, so the line says what the title does not.
 */
export function attendingPhrase(meeting: Pick<MeetingRow, 'kind' | 'form' | 'urgent'>): string {
  const [noun, rest] = KIND_PHRASES[meeting.kind];
  const text = `${noun}${meeting.urgent ? ' đột xuất' : ''} ${rest}${FORM_PHRASES[meeting.form]}`;
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
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

/**
 * The convening body's header lines for any document of the meeting (Giấy mời, Biên bản,
 * Thông báo): its own (a Party committee under its Party organisation), else its parent's
 * over it; the place of the date line; its document profile.
 */
export async function meetingLetterhead(db: DbOrTx, units: UnitIndex, meeting: Pick<MeetingRow, 'convenerBodyId' | 'unitCode'>) {
  const [convener] = await db.select().from(bodies).where(eq(bodies.id, meeting.convenerBodyId));
  const parent = convener?.parentBodyId
    ? (await db.select({ name: bodies.name, shortName: bodies.shortName }).from(bodies).where(eq(bodies.id, convener.parentBodyId)))[0]
    : undefined;
  const fullName = convener?.name ?? meeting.convenerBodyId;
  const profile = convener?.document ?? {};
  const [headerParent, headerBody] = profile.header?.length === 2 ? profile.header : [];
  const header: { parentBody?: string; issuingBody: string } = headerParent && headerBody ? { parentBody: headerParent, issuingBody: headerBody }
    : parent ? { parentBody: parent.shortName, issuingBody: headerName(fullName, parent.name, units.get(meeting.unitCode)?.name) }
    : { issuingBody: fullName };
  return { ...header, convener, fullName, profile, heading: profile.heading ?? 'state', place: placeOf(units, meeting.unitCode) };
}

/** Everything the Giấy mời prints, read from the issued meeting; rendered once, at issue time, and stored. */
export async function invitationDocData(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, replaces?: Replacement): Promise<InvitationDocData> {
  if (!meeting.invitationNumber || !meeting.invitationIssuedAt) {
    throw new Conflict('Cuộc họp chưa phát hành giấy mời. / Invitations have not been issued for this meeting.');
  }
  const [header, agenda, invitees] = await Promise.all([
    meetingLetterhead(db, units, meeting),
    db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position)),
    db.select({ bodyId: meetingInvitees.bodyId, unitCode: meetingInvitees.unitCode, bodyName: meetingInvitees.bodyName })
      .from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id)).orderBy(asc(meetingInvitees.unitCode), asc(meetingInvitees.bodyId)),
  ]);
  const { convener, fullName, profile } = header;
  const signer = meeting.invitationSigner as InvitationSigner;
  const online = meeting.form !== 'truc_tiep';
  const venue = meeting.hostRoom || convener?.name || '';
  const preparation = meeting.preparation.split(/\n\s*\n|\r?\n/).map((l) => l.trim()).filter(Boolean);
  const notes = meeting.urgent && meeting.urgentReason ? [`Lý do họp đột xuất: ${meeting.urgentReason.trim()}`] : [];
  if (replaces) {
    notes.unshift(
      `Giấy mời này thay thế Giấy mời số ${replaces.number} ngày ${formatDate(inZone(replaces.issuedAt).toISODate()!)} do thay đổi ${replaces.what}. ` +
        `Lý do: ${replaces.reason.trim().replace(/[.;]+$/, '')}.` +
        (replaces.reconfirm ? ' Đề nghị các cơ quan, đơn vị xác nhận lại việc tham dự.' : ''),
    );
  }
  return {
    heading: profile.heading ?? 'state',
    ...(meeting.urgent ? { priority: 'Khẩn' as const } : {}),
    ...(header.parentBody ? { parentBody: header.parentBody } : {}),
    issuingBody: header.issuingBody,
    inviter: fullName,
    number: meeting.invitationNumber,
    place: header.place,
    issuedAt: meeting.invitationIssuedAt,
    summary: replaces ? `Dự ${lowerFirst(meeting.title)}\n(Thay thế Giấy mời số ${replaces.number})` : `Dự ${lowerFirst(meeting.title)}`,
    invitees: inviteeLines(units, invitees),
    meetingTitle: meeting.title,
    attending: attendingPhrase(meeting),
    chair: `Đồng chí ${meeting.chairName}${meeting.chairPosition ? `, ${meeting.chairPosition}` : ''}`,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    venue,
    ...(online ? { onlinePoints: `Trực tuyến từ điểm cầu ${venue} đến điểm cầu các cơ quan, đơn vị được mời (hệ thống Họp số)` } : {}),
    agenda: agenda.map((a) => ({ title: a.title, ...(a.presenter ? { presenter: a.presenter } : {}) })),
    preparation,
    notes,
    recipients: ['Như trên;'],
    archiveUnit: signer.draftingUnit || profile.office || convener?.symbol || '',
    signer: { ...(signer.authority?.length ? { authority: signer.authority } : {}), position: signer.position, fullName: signer.fullName },
  };
}

/** The Giấy mời of an issued meeting as PDF bytes, with the file name it is served under. */
export async function renderMeetingInvitation(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, replaces?: Replacement) {
  const pdf = await renderInvitationPdf(await invitationDocData(db, units, meeting, replaces));
  return { pdf, fileName: `Giay-moi-${meeting.invitationNumber!.replace(/\//g, '-')}.pdf` };
}
