import { h, uid } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { instantVN } from '../time.ts';
import type { Conclusion, MinutesContent, NoticeContent } from './types.ts';

const ATTENDANCE = ['present', 'substitute', 'late', 'left_early', 'absent_excused', 'absent'] as const;

/** A labelled input bound to `get`/`set`; every keystroke calls `changed`. */
function text(label: string, get: () => string, set: (v: string) => void, changed: () => void, opts: { area?: boolean; rows?: number; type?: string; name?: string } = {}): HTMLElement {
  const id = uid('rec');
  const control = opts.area
    ? h('textarea', { id, rows: opts.rows ?? 3, name: opts.name ?? null, class: 'input textarea' })
    : h('input', { id, type: opts.type ?? 'text', name: opts.name ?? null, class: 'input' });
  control.value = get();
  control.addEventListener('input', () => {
    set(control.value);
    changed();
  });
  return h('div', { class: 'field rec-field' }, h('label', { for: id, class: 'field-label' }, label), control);
}

function number(label: string, get: () => number, set: (v: number) => void, changed: () => void): HTMLElement {
  return text(label, () => String(get()), (v) => set(Math.max(0, Math.floor(Number(v) || 0))), changed, { type: 'number' });
}

function button(label: string, onClick: () => void, cls = 'button button--secondary button--small'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** The structured conclusions: text, to whom (every invited body, or body codes), deadline, expected result. */
export function conclusionsEditor(list: Conclusion[], changed: () => void): HTMLElement {
  const root = h('div', { class: 'rec-conclusions', 'data-testid': 'conclusions' });
  const paint = () => {
    root.replaceChildren(
      ...list.map((c, i) => {
        const all = h('input', { type: 'checkbox', checked: c.assignees === 'all-invited' });
        const bodies = text(t('rec.c.bodies'), () => (Array.isArray(c.assignees) ? c.assignees.join(', ') : ''), (v) => {
          c.assignees = v.split(',').map((x) => x.trim()).filter(Boolean);
          all.checked = false;
        }, changed);
        all.addEventListener('change', () => {
          c.assignees = all.checked ? 'all-invited' : [];
          changed();
          paint();
        });
        return h('fieldset', { class: 'rec-conclusion' },
          h('legend', null, t('rec.c.text', { n: i + 1 })),
          text(t('rec.c.text', { n: i + 1 }), () => c.text, (v) => (c.text = v), changed, { area: true, rows: 2, name: `conclusion-${i}` }),
          h('label', { class: 'check' }, all, ' ', t('rec.c.all')),
          c.assignees === 'all-invited' ? null : bodies,
          h('div', { class: 'rec-row' },
            text(t('rec.c.deadline'), () => c.deadline ?? '', (v) => (c.deadline = /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null), changed, { type: 'date' }),
            text(t('rec.c.expected'), () => c.expectedResult, (v) => (c.expectedResult = v), changed)),
          button(t('rec.c.remove'), () => {
            list.splice(i, 1);
            changed();
            paint();
          }),
        );
      }),
      button(t('rec.c.add'), () => {
        list.push({ text: '', assignees: 'all-invited', deadline: null, expectedResult: '' });
        changed();
        paint();
      }),
    );
  };
  paint();
  return root;
}

/** The biên bản's sections as a form, in the order of the document. */
export function minutesForm(c: MinutesContent, changed: () => void): HTMLElement {
  const att = h('div', { class: 'rec-attendees' }, c.attendees.map((a) => {
    const select = h('select', { 'aria-label': a.name, class: 'input' }, ATTENDANCE.map((s) => h('option', { value: s, selected: a.status === s }, t(`rec.att.${s}` as MessageKey))));
    select.addEventListener('change', () => {
      a.status = select.value as typeof a.status;
      changed();
    });
    return h('div', { class: 'rec-attendee' }, h('span', { class: 'rec-attendee-name' }, a.name), select,
      text(t('rec.att.note'), () => a.note, (v) => (a.note = v), changed));
  }));
  const items = c.items.map((item, i) => {
    const votes = h('div', { class: 'rec-votes' });
    const paintVotes = () => votes.replaceChildren(...item.votes.map((v) => h('div', { class: 'rec-row rec-vote' },
      text(t('rec.vote.subject'), () => v.subject, (x) => (v.subject = x), changed),
      number(t('rec.vote.for'), () => v.for, (x) => (v.for = x), changed),
      number(t('rec.vote.against'), () => v.against, (x) => (v.against = x), changed),
      number(t('rec.vote.abstain'), () => v.abstain, (x) => (v.abstain = x), changed))),
    button(t('rec.item.addVote'), () => {
      item.votes.push({ subject: '', for: 0, against: 0, abstain: 0 });
      changed();
      paintVotes();
    }));
    paintVotes();
    return h('section', { class: 'rec-item', 'data-item': i },
      h('h4', null, `${i + 1}. ${item.title}`),
      text(t('rec.item.presented'), () => item.presented, (v) => (item.presented = v), changed, { area: true, rows: 3, name: `presented-${i}` }),
      item.speakers.length ? h('h5', null, t('rec.item.speakers')) : null,
      item.speakers.map((s, j) => text(`${t('rec.item.view', { name: s.name })}${s.site ? ` — ${s.site}` : ''}${s.at ? ` (${instantVN(s.at).slice(0, 5)})` : ''}`,
        () => s.view, (v) => (s.view = v), changed, { area: true, rows: 2, name: `view-${i}-${j}` })),
      votes);
  });
  return h('div', { class: 'rec-form' },
    h('section', { class: 'rec-section' }, h('h3', null, t('rec.sec.general')),
      h('p', { class: 'muted' }, `${t('rec.f.startedAt')}: ${c.startedAt ? instantVN(c.startedAt) : '—'} · ${t('rec.f.endedAt')}: ${c.endedAt ? instantVN(c.endedAt) : '—'}`),
      text(t('rec.f.place'), () => c.place, (v) => (c.place = v), changed),
      text(t('rec.f.onlinePoints'), () => c.onlinePoints, (v) => (c.onlinePoints = v), changed),
      h('div', { class: 'rec-row' },
        text(t('rec.f.chair'), () => c.chair, (v) => (c.chair = v), changed),
        text(t('rec.f.secretary'), () => c.secretary, (v) => (c.secretary = v), changed))),
    h('section', { class: 'rec-section' }, h('h3', null, t('rec.sec.attendees')), att),
    h('section', { class: 'rec-section' }, h('h3', null, t('rec.sec.items')), items),
    h('section', { class: 'rec-section' }, h('h3', null, t('rec.sec.conclusions')), conclusionsEditor(c.conclusions, changed)),
  );
}

export function noticeForm(c: NoticeContent, changed: () => void): HTMLElement {
  return h('div', { class: 'rec-form' },
    h('section', { class: 'rec-section' }, text(t('rec.n.opening'), () => c.opening, (v) => (c.opening = v), changed, { area: true, rows: 5, name: 'opening' })),
    h('section', { class: 'rec-section' }, h('h3', null, t('rec.sec.conclusions')), conclusionsEditor(c.conclusions, changed)),
    h('section', { class: 'rec-section' }, text(t('rec.n.closing'), () => c.closing, (v) => (c.closing = v), changed, { name: 'closing' })),
  );
}
