import ExcelJS from 'exceljs';
import type { Dashboard } from './dashboard.ts';

const BOM = '\uFEFF';

const columns: { key: string; header: string }[] = [
  { key: 'invited', header: 'Số lượt được mời' },
  { key: 'held', header: 'Cuộc họp đã diễn ra' },
  { key: 'attended', header: 'Có mặt' },
  { key: 'rate', header: 'Tỷ lệ dự họp (%)' },
  { key: 'late', header: 'Đến muộn' },
  { key: 'substitutes', header: 'Người dự thay' },
  { key: 'absentExcused', header: 'Vắng có lý do' },
  { key: 'absent', header: 'Vắng không lý do' },
  { key: 'tasksAssigned', header: 'Nhiệm vụ được giao' },
  { key: 'tasksDone', header: 'Nhiệm vụ hoàn thành' },
  { key: 'tasksOverdue', header: 'Nhiệm vụ quá hạn' },
  { key: 'noticesOnTime', header: 'Thông báo kết luận đúng hạn' },
  { key: 'noticesLate', header: 'Thông báo kết luận trễ hạn' },
  { key: 'noticesPending', header: 'Thông báo kết luận chưa đến hạn' },
];

type Row = Dashboard['total'] & { name: string; code: string };

const values = (r: Row) => columns.map((c) => (c.key === 'rate' ? (r.attendanceRate === null ? '' : Math.round(r.attendanceRate * 1000) / 10) : (r as unknown as Record<string, number>)[c.key]!));

function rowsOf(d: Dashboard): { units: Row[]; bodies: Row[]; total: Row } {
  return {
    units: d.units.map((u) => ({ ...u, name: u.unitName, code: u.unitCode })),
    bodies: d.bodies.map((b) => ({ ...b, name: b.nowPartOf ? `${b.bodyName} (nay thuộc ${b.nowPartOf.name})` : b.bodyName, code: b.unitCode })),
    total: { ...d.total, name: 'Tổng cộng', code: d.unit.code },
  };
}

// Quotes what needs quoting, and defuses cells a spreadsheet would run as a formula.
const cell = (v: string | number) => {
  const s = String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The unit rows and the total as CSV (UTF-8 with BOM, so Excel keeps the Vietnamese). */
export function dashboardCsv(d: Dashboard): string {
  const { units, total } = rowsOf(d);
  const lines = [['Mã đơn vị', 'Đơn vị', ...columns.map((c) => c.header)], ...[...units, total].map((r) => [r.code, r.name, ...values(r)])];
  return BOM + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A workbook with a sheet per unit, one per body, and the period in its title rows. */
export async function dashboardXlsx(d: Dashboard): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Họp số';
  const { units, bodies, total } = rowsOf(d);
  const sheet = (name: string, first: string, rows: Row[], withTotal: boolean) => {
    const ws = book.addWorksheet(name);
    ws.addRow([`Báo cáo họp và nhiệm vụ — ${d.unit.name}`]).font = { bold: true, size: 13 };
    ws.addRow([`Từ ngày ${d.from.split('-').reverse().join('/')} đến ngày ${d.to.split('-').reverse().join('/')}`]);
    ws.addRow([]);
    ws.addRow(['Mã', first, ...columns.map((c) => c.header)]).font = { bold: true };
    for (const r of rows) ws.addRow([r.code, r.name, ...values(r)]);
    if (withTotal) ws.addRow([total.code, total.name, ...values(total)]).font = { bold: true };
    ws.columns.forEach((c, i) => (c.width = i === 1 ? 36 : i === 0 ? 10 : 14));
    ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 2 }];
  };
  sheet('Theo đơn vị', 'Đơn vị', units, true);
  sheet('Theo cơ quan', 'Cơ quan', bodies, true);
  return Buffer.from(await book.xlsx.writeBuffer());
}
