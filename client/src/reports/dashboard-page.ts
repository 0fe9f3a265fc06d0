import { api, ApiError } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { field, select } from '../components/field.ts';
import { pageHeader } from '../components/page-header.ts';
import { append, h } from '../dom.ts';
import { formatNumber, t, type MessageKey } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { dmy } from '../time.ts';
import type { UnitPage } from '../types.ts';
import { attendanceChart, tasksChart } from './charts.ts';
import { demoBanner } from './demo-banner.ts';
import { hashQuery, periodForm, periodFromHash } from './period.ts';
import type { DashboardBody, DashboardView } from './types.ts';
import '../styles/tasks.css';

type Column = { key: MessageKey; value: (r: DashboardBody) => number | string; show?: (r: DashboardBody) => string };
const columns: Column[] = [
  { key: 'dash.col.body', value: (r) => r.bodyName },
  { key: 'dash.col.invited', value: (r) => r.invited },
  { key: 'dash.col.attended', value: (r) => r.attended },
  { key: 'dash.col.rate', value: (r) => r.attendanceRate ?? -1, show: (r) => (r.attendanceRate === null ? '—' : `${Math.round(r.attendanceRate * 100)}%`) },
  { key: 'dash.col.late', value: (r) => r.late },
  { key: 'dash.col.absent', value: (r) => r.absent + r.absentExcused },
  { key: 'dash.col.tasks', value: (r) => r.tasksAssigned },
  { key: 'dash.col.done', value: (r) => r.tasksDone },
  { key: 'dash.col.overdue', value: (r) => r.tasksOverdue },
];

/**
 * A tier's figures: the reader's unit or one of the units just below it (a province and its
 * communes, the centre and the provinces), for a period; a sortable table whose rows open the
 * body's record, two charts, and the CSV/XLSX of the same figures.
 */
export async function render({ user, path }: PageContext): Promise<PageResult> {
  const own = user?.unit.code ?? '';
  const unit = hashQuery().get('unit') ?? own;
  const period = periodFromHash();
  const root = h('div', { class: 'page page--wide dashboard-page' }, pageHeader(t('nav.dashboard'), t('dash.lead')));
  let d: DashboardView;
  let below: UnitPage = { total: 0, items: [] };
  try {
    [d, below] = await Promise.all([
      api.get<DashboardView>('/api/reports/dashboard', { unit, ...period }),
      api.get<UnitPage>('/api/units', { parent: own, limit: 5000 }).catch(() => below),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    root.append(message('error', `${t('dash.loadFailed')} ${errorText(err)}`));
    return root;
  }

  const picker = select([{ value: own, label: user?.unit.name ?? own }, ...below.items.map((u) => ({ value: u.code, label: `— ${u.name}` }))], d.unit.code);
  picker.name = 'unit';
  const unitField = field(t('dash.unit'), picker, { className: 'dash-unit' });
  const query = `unit=${d.unit.code}&from=${d.from}&to=${d.to}`;
  const active = d.bodies.filter((b) => b.invited > 0 || b.tasksAssigned > 0);
  const charts = active.length ? [attendanceChart(active.filter((b) => b.held > 0)), tasksChart(active.filter((b) => b.tasksAssigned > 0))] : [];

  const form = periodForm(path, d, () => ({ unit: picker.value }), unitField.element);
  picker.addEventListener('change', () => form.requestSubmit());
  append(root,
    d.demo ? demoBanner() : null,
    h('div', { class: 'record-toolbar' },
      form,
      h('div', { class: 'dash-downloads' },
        h('a', { class: 'button button--secondary', href: `/api/reports/dashboard.csv?${query}`, download: '' }, t('dash.csv')),
        h('a', { class: 'button button--secondary', href: `/api/reports/dashboard.xlsx?${query}`, download: '' }, t('dash.xlsx')))),
    h('p', { class: 'dash-period' }, `${d.unit.name} · ${dmy(d.from)} – ${dmy(d.to)}`),
    totals(d),
    active.length === 0 ? message('info', t('dash.empty')) : null,
    active.length ? h('div', { class: 'dash-charts' },
      card(t('dash.attendanceChart'), charts[0]!.node),
      card(t('dash.tasksChart'), charts[1]!.node)) : null,
    active.length ? card(t('dash.bodies'), h('p', { class: 'dash-hint' }, t('dash.sortHint')), sortableTable(active)) : null,
  );
  return { node: root, cleanup: () => charts.forEach((c) => c.chart.destroy()) };
}

function totals(d: DashboardView): HTMLElement {
  const x = d.total;
  const items: [MessageKey, string][] = [
    ['dash.col.invited', formatNumber(x.invited)], ['dash.col.attended', formatNumber(x.attended)],
    ['dash.col.rate', x.attendanceRate === null ? '—' : `${Math.round(x.attendanceRate * 100)}%`],
    ['dash.col.tasks', formatNumber(x.tasksAssigned)], ['dash.col.done', formatNumber(x.tasksDone)], ['dash.col.overdue', formatNumber(x.tasksOverdue)],
  ];
  return h('dl', { class: 'att-totals' }, items.map(([key, v]) => h('div', { class: 'att-total' }, h('dt', null, t(key)), h('dd', null, v))));
}

/** Click a heading to sort by it (again to reverse); each body's name opens its record. */
function sortableTable(rows: DashboardBody[]): HTMLElement {
  let by = 1;
  let dir = -1;
  const tbody = h('tbody');
  const heads = columns.map((c, i) => h('th', { scope: 'col', 'aria-sort': 'none' },
    h('button', { type: 'button', class: 'dash-sort', 'data-col': c.key.slice(9), on: { click: () => { dir = by === i ? -dir : i === 0 ? 1 : -1; by = i; paint(); } } }, t(c.key))));
  const paint = () => {
    const col = columns[by]!;
    const sorted = [...rows].sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'vi'));
    });
    heads.forEach((th, i) => th.setAttribute('aria-sort', i === by ? (dir > 0 ? 'ascending' : 'descending') : 'none'));
    tbody.replaceChildren(...sorted.map((r) => h('tr', { 'data-body': r.bodyId },
      ...columns.map((c, i) => i === 0
        ? h('th', { scope: 'row' }, h('a', { href: href(`/records/${r.bodyId}`) }, r.bodyName),
          r.nowPartOf ? h('span', { class: 'record-sub', 'data-now-part-of': r.nowPartOf.code }, ` ${t('dash.nowPartOf', { name: r.nowPartOf.name })}`) : null)
        : h('td', { 'data-col': c.key.slice(9) }, c.show ? c.show(r) : String(c.value(r)))))));
  };
  paint();
  return h('div', { class: 'table-wrap dash-table-wrap' }, h('table', { class: 'data-table dash-table' }, h('thead', null, h('tr', null, heads)), tbody));
}
