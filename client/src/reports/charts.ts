import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { DashboardBody } from './types.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const ROW_PX = 26;
/** "Ủy ban nhân dân xã Thạch Hà" → "UBND xã Thạch Hà": the axis keeps the part that tells bodies apart. */
const short = (name: string) => {
  const s = name.replace(/^Ủy ban nhân dân/u, 'UBND').replace(/^Hội đồng nhân dân/u, 'HĐND');
  return s.length > 24 ? `${s.slice(0, 23)}…` : s;
};

/**
 * Horizontal bars, one row per body, the canvas as tall as the rows need: names stay readable
 * on a 412 px phone, where vertical bars would squeeze 30 labels into a few pixels each.
 */
function barBox(rows: number, label: string): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { role: 'img', 'aria-label': label });
  const box = h('div', { class: 'dash-chart-box' }, canvas);
  // Through the CSSOM: a style attribute would break the page's CSP (style-src 'self').
  box.style.height = `${Math.max(140, rows * ROW_PX + 70)}px`;
  return { box, canvas };
}

export function attendanceChart(rows: DashboardBody[]): { node: HTMLElement; chart: Chart } {
  const { box, canvas } = barBox(rows.length, t('dash.attendanceChart'));
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => short(r.bodyName)),
      datasets: [{ label: t('dash.col.rate'), data: rows.map((r) => Math.round((r.attendanceRate ?? 0) * 100)), backgroundColor: '#1f5c99' }],
    },
    options: {
      indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
      plugins: { legend: { display: false } },
    },
  });
  return { node: box, chart };
}

export function tasksChart(rows: DashboardBody[]): { node: HTMLElement; chart: Chart } {
  const { box, canvas } = barBox(rows.length, t('dash.tasksChart'));
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => short(r.bodyName)),
      datasets: [
        { label: t('dash.col.done'), data: rows.map((r) => r.tasksDone), backgroundColor: '#1f7a3d' },
        { label: t('dash.col.open'), data: rows.map((r) => Math.max(0, r.tasksAssigned - r.tasksDone - r.tasksOverdue)), backgroundColor: '#9bb8d3' },
        { label: t('dash.col.overdue'), data: rows.map((r) => r.tasksOverdue), backgroundColor: '#b3261e' },
      ],
    },
    options: {
      indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  return { node: box, chart };
}
