import { inZone } from '../lib/time.ts';
import type { AttendanceSummary, SiteAttendance } from './summary.ts';

/** Excel opens a UTF-8 file as the local code page unless it starts with a byte order mark. */
const BOM = '\uFEFF';

export const statusLabel: Record<SiteAttendance['status'], string> = {
  joined: 'Có mặt',
  late: 'Đến muộn',
  left_early: 'Về sớm',
  absent_excused: 'Vắng có lý do',
  absent: 'Vắng không lý do',
};

export function localTime(d: Date | null): string {
  return d ? inZone(d).toFormat('dd/MM/yyyy HH:mm:ss') : '';
}

function statusText(s: SiteAttendance): string {
  if (s.late && s.leftEarly) return 'Đến muộn, về sớm';
  return statusLabel[s.status];
}

function substituteText(s: SiteAttendance): string {
  if (!s.substitute) return '';
  const who = s.substitute.position ? `${s.substitute.name} (${s.substitute.position})` : s.substitute.name;
  return `${who} dự thay`;
}

// Quotes what needs quoting, and defuses cells a spreadsheet would run as a formula.
function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The attendance sheet as CSV (UTF-8 with BOM, CRLF), times in Vietnam's time zone. */
export function attendanceCsv(summary: AttendanceSummary): string {
  const header = [
    'STT', 'Điểm cầu', 'Mã cơ quan', 'Được mời', 'Trạng thái', 'Vào lúc', 'Rời lúc', 'Thời gian dự (phút)',
    'Số lần kết nối lại', 'Số người dự (khai báo)', 'Điểm danh (số người)', 'Người dự thay', 'Lý do vắng', 'Ghi chú',
  ];
  const rows = summary.sites.map((s, i) => [
    i + 1, s.siteName, s.siteId, s.invited ? 'Có' : 'Không (cơ quan chủ trì)', statusText(s),
    localTime(s.firstJoin), s.connected ? 'Đang dự' : localTime(s.lastLeave), Math.round(s.connectedSeconds / 60),
    s.reconnections, s.headcount, s.rollCall?.count ?? null, substituteText(s), s.status === 'absent_excused' ? (s.declineReason ?? '') : '',
    s.interrupted ? 'Gián đoạn do máy chủ' : '',
  ]);
  const { totals } = summary;
  const footer = [
    [],
    ['Cuộc họp', summary.meeting.title],
    ['Bắt đầu', localTime(summary.meeting.startsAt)],
    ['Tổng số được mời', totals.invited],
    ['Có mặt', totals.joined],
    ['Đến muộn', totals.late],
    ['Về sớm', totals.leftEarly],
    ['Vắng có lý do', totals.absentExcused],
    ['Vắng không lý do', totals.absent],
  ];
  return BOM + [header, ...rows, ...footer].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
