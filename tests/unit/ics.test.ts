import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildFeedIcs, buildInvitationIcs, escapeText, foldLine, type IcsEventInput } from '../../server/invitations/ics.ts';
import { InvalidInput } from '../../server/lib/errors.ts';

const meetingId = '0b6f7c1e-3f7a-4a57-9a3e-4f2f7f1d2c11';
const base: IcsEventInput = {
  uid: `${meetingId}@hopso`,
  sequence: 0,
  title: 'Hội nghị giao ban tháng 01/2027; trực tuyến, toàn tỉnh',
  description: 'Giấy mời số 07/GM-UBND\nChủ trì: Đồng chí Nguyễn Văn Ánh, Phó Chủ tịch UBND tỉnh\n1. Đánh giá kết quả; 2. Nhiệm vụ',
  location: 'Phòng họp số 1, UBND tỉnh Hà Tĩnh',
  start: new Date('2027-01-12T01:00:00Z'), // 08:00 in Vietnam
  end: new Date('2027-01-12T04:30:00Z'),
  organizer: { name: 'Văn phòng UBND tỉnh Hà Tĩnh', email: 'vpubnd@hatinh.gov.vn' },
  attendees: [{ name: 'UBND xã Thạch Hà' }, { name: 'Ủy ban nhân dân phường Thành Sen, tỉnh Hà Tĩnh' }],
  url: `https://hop.hatinh.gov.vn/meetings/${meetingId}`,
  stamp: new Date('2027-01-05T08:00:00Z'),
};

function parse(ics: string) {
  const vcal = new ICAL.Component(ICAL.parse(ics));
  const events = vcal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
  return { vcal, events };
}

describe('buildInvitationIcs', () => {
  it('makes an RFC 5545 REQUEST a real parser reads back: UID, SEQUENCE, Vietnamese text', () => {
    const { vcal, events } = parse(buildInvitationIcs({ ...base, method: 'REQUEST' }));
    expect(vcal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(vcal.getFirstPropertyValue('version')).toBe('2.0');
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.uid).toBe(`${meetingId}@hopso`);
    expect(e.sequence).toBe(0);
    expect(e.summary).toBe(base.title);
    expect(e.description).toBe(base.description);
    expect(e.location).toBe(base.location);
    expect(e.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(e.component.getFirstPropertyValue('url')).toBe(base.url);
    expect(e.organizer).toBe('mailto:vpubnd@hatinh.gov.vn');
    expect(e.component.getFirstProperty('organizer')!.getParameter('cn')).toBe('Văn phòng UBND tỉnh Hà Tĩnh');
    expect(e.attendees.map((a) => a.getParameter('cn'))).toEqual(['UBND xã Thạch Hà', 'Ủy ban nhân dân phường Thành Sen, tỉnh Hà Tĩnh']);
  });

  it('puts a meeting at 01:00Z at 08:00 Vietnam time, with the zone defined in the file', () => {
    const ics = buildInvitationIcs({ ...base, method: 'REQUEST' });
    expect(ics).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20270112T080000\r\n');
    expect(ics).toContain('DTEND;TZID=Asia/Ho_Chi_Minh:20270112T113000\r\n');
    const e = parse(ics).events[0]!;
    expect(e.startDate.zone?.tzid).toBe('Asia/Ho_Chi_Minh');
    expect([e.startDate.hour, e.startDate.minute]).toEqual([8, 0]);
    // Converted through the VTIMEZONE the file carries: the same instant as given.
    expect(e.startDate.toJSDate().toISOString()).toBe('2027-01-12T01:00:00.000Z');
    expect(e.endDate.toJSDate().toISOString()).toBe('2027-01-12T04:30:00.000Z');
    expect(e.startDate.convertToZone(ICAL.Timezone.utcTimezone).hour).toBe(1);
  });

  it('cancels with METHOD:CANCEL, STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const ics = buildInvitationIcs({ ...base, method: 'CANCEL', sequence: 3, description: 'Đã hủy. Lý do: trùng lịch họp của Tỉnh ủy' });
    const { vcal, events } = parse(ics);
    expect(vcal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(events[0]!.uid).toBe(`${meetingId}@hopso`);
    expect(events[0]!.sequence).toBe(3);
    expect(events[0]!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events[0]!.description).toBe('Đã hủy. Lý do: trùng lịch họp của Tỉnh ủy');
  });

  it('folds lines at 75 octets without splitting a letter, with CRLF endings', () => {
    const long = 'Đề nghị UBND các xã, phường chuẩn bị báo cáo tình hình thực hiện nhiệm vụ, kiểm tra điểm cầu trước 30 phút; ữữữữữ ỗỗỗỗỗ.'.repeat(6);
    const ics = buildInvitationIcs({ ...base, method: 'REQUEST', description: long });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(10);
    expect(parse(ics).events[0]!.description).toBe(long);
  });

  it('leaves out a relative URL, and uses a no-reply address for an organizer without e-mail', () => {
    const ics = buildInvitationIcs({ ...base, method: 'REQUEST', url: `/meetings/${meetingId}`, organizer: { name: 'UBND tỉnh' } });
    expect(ics).not.toContain('\r\nURL:');
    expect(parse(ics).events[0]!.organizer).toBe('mailto:no-reply@hopso.invalid');
  });

  it('refuses an event that ends before it starts or has a bad sequence', () => {
    expect(() => buildInvitationIcs({ ...base, method: 'REQUEST', end: base.start })).toThrow(InvalidInput);
    expect(() => buildInvitationIcs({ ...base, method: 'REQUEST', sequence: -1 })).toThrow(/SEQUENCE/);
  });
});

describe('buildFeedIcs', () => {
  it('lists every meeting under a Vietnamese calendar name, cancelled ones marked', () => {
    const feed = buildFeedIcs(
      [
        base,
        { ...base, uid: 'second@hopso', sequence: 2, title: 'Họp chuyên đề', status: 'CANCELLED', start: new Date('2027-02-17T07:00:00Z'), end: new Date('2027-02-17T09:00:00Z') },
      ],
      'Lịch họp — UBND xã Thạch Hà',
    );
    const { vcal, events } = parse(feed);
    expect(vcal.getFirstPropertyValue('x-wr-calname')).toBe('Lịch họp — UBND xã Thạch Hà');
    expect(vcal.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(events.map((e) => [e.uid, e.sequence, e.component.getFirstPropertyValue('status')])).toEqual([
      [`${meetingId}@hopso`, 0, 'CONFIRMED'],
      ['second@hopso', 2, 'CANCELLED'],
    ]);
    // 07:00Z is 14:00 in Vietnam.
    expect(events[1]!.startDate.hour).toBe(14);
    expect(events[1]!.startDate.toJSDate().toISOString()).toBe('2027-02-17T07:00:00.000Z');
  });

  it('is a valid empty calendar when a body has no meetings', () => {
    const { vcal, events } = parse(buildFeedIcs([], 'Lịch họp'));
    expect(events).toHaveLength(0);
    expect(vcal.getAllSubcomponents('vtimezone')).toHaveLength(1);
  });
});

describe('text helpers', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('leaves short lines alone', () => {
    expect(foldLine('SUMMARY:Họp')).toBe('SUMMARY:Họp');
  });
});
