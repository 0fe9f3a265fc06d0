import { field, input } from '../../components/field.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { chair, confirmRollCall } from '../actions.ts';
import type { LiveSession } from '../session.ts';
import { isChair, presentSites, rollCallAnswer } from '../state.ts';

/**
 * The roll call (điểm danh) as a panel in the room, never a modal: nothing of the room is
 * blocked while it is open. A site is asked for its count and may put the question aside
 * (Để sau, Escape) and answer from the status line later. The chair is not asked: it sees
 * how many of the sites present have answered — the same sites the sites list counts —
 * may give its own site's count, and closes the roll call.
 */
export function rollCallCard(session: LiveSession): { node: HTMLElement; update(): void; reopen(): void } {
  const s = session.state;
  const count = field(t('live.headcount.label'), input({ type: 'number', inputmode: 'numeric', min: 0, max: 10_000, step: 1, required: true }));
  const submit = h('button', { type: 'submit', class: 'live-button live-button--primary' }, t('live.rollCall.confirm'));
  const later = h('button', { type: 'button', class: 'live-button', on: { click: () => dismiss() } }, t('live.rollCall.later'));
  const close = h('button', { type: 'button', class: 'live-button live-button--danger', on: { click: () => void chair.endRollCall(session) } }, t('live.rollCall.end'));
  const lead = h('p', { class: 'muted live-rollcall-lead' }, t('live.rollCall.lead'));
  const progress = h('p', { class: 'live-rollcall-progress', role: 'status' });
  const form = h(
    'form',
    { class: 'live-rollcall-form', novalidate: true, on: { submit: (event) => {
      event.preventDefault();
      void send();
    } } },
    count.element,
    h('div', { class: 'live-rollcall-actions' }, later, submit),
  );
  const node = h(
    'section',
    { class: 'live-rollcall', 'data-roll-call': true, 'aria-labelledby': 'live-rollcall-title', hidden: true },
    h('h2', { id: 'live-rollcall-title', class: 'live-panel-title' }, t('live.rollCall.title')),
    lead,
    progress,
    form,
    close,
  );
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !isChair(s)) dismiss();
  });
  // The value is filled once per roll call, so a repaint never overwrites what is being typed.
  let filledFor: string | null = null;

  function dismiss(): void {
    if (!s.rollCall) return;
    s.rollCall.dismissed = true;
    session.mark('rollCall');
  }

  async function send(): Promise<void> {
    const raw = count.control.value.trim();
    const value = Number(raw);
    if (raw === '' || !Number.isInteger(value) || value < 0 || value > 10_000) {
      count.setError(t('live.dialog.number', { min: 0, max: 10_000 }));
      count.control.focus();
      return;
    }
    count.setError(null);
    submit.disabled = true;
    const ok = await confirmRollCall(session, value);
    submit.disabled = false;
    if (!ok && session.inMeeting()) count.setError(t('live.dialog.failed'));
  }

  function update(): void {
    const open = s.rollCall;
    const chairing = isChair(s);
    const asked = !!open && open.count === null;
    node.hidden = s.phase !== 'live' || !open || (!chairing && (!asked || open.dismissed));
    if (node.hidden || !open) return;
    node.classList.toggle('live-rollcall--chair', chairing);
    lead.hidden = chairing;
    const sites = presentSites(s);
    const answers = sites.map((site) => rollCallAnswer(s, site)).filter((n): n is number => n !== null);
    progress.hidden = !chairing;
    progress.textContent = t('live.rollCall.answers', { n: answers.length, total: sites.length, people: answers.reduce((sum, n) => sum + n, 0) });
    form.hidden = !asked;
    later.hidden = chairing;
    close.hidden = !chairing;
    const label = count.element.querySelector('label');
    if (label) label.textContent = chairing ? t('live.rollCall.ownLabel') : t('live.headcount.label');
    if (filledFor !== open.rollCallId) {
      filledFor = open.rollCallId;
      count.control.value = chairing || s.headcount === null ? '' : String(s.headcount);
      count.setError(null);
    }
  }

  function reopen(): void {
    if (!s.rollCall) return;
    s.rollCall.dismissed = false;
    session.mark('rollCall');
    session.changes.flush();
    count.control.focus();
  }

  update();
  return { node, update, reopen };
}
