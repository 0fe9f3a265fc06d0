import { dateField } from '../components/date-time.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';

export interface Period { from?: string; to?: string }

/** The page's query (`#/records/x?from=2027-01-01&to=2027-03-31`): a period survives a reload and can be shared. */
export function hashQuery(): URLSearchParams {
  const hash = location.hash.replace(/^#/, '');
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

export function periodFromHash(): Period {
  const q = hashQuery();
  const iso = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const from = iso(q.get('from'));
  const to = iso(q.get('to'));
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/**
 * From/to (dd/mm/yyyy) and a button; the chosen period goes into the address, which renders
 * the page again. `extra` are other query parameters the page keeps (the dashboard's unit).
 */
export function periodForm(path: string, shown: { from: string; to: string }, extra: () => Record<string, string> = () => ({}), before?: HTMLElement): HTMLFormElement {
  const from = dateField(t('rec.from'), shown.from, { hint: '' });
  const to = dateField(t('rec.to'), shown.to, { hint: '' });
  return h('form', {
    class: 'period-form', 'aria-label': t('rec.period'),
    on: {
      submit: (event) => {
        event.preventDefault();
        const q = new URLSearchParams({ ...extra(), ...(from.iso() ? { from: from.iso()! } : {}), ...(to.iso() ? { to: to.iso()! } : {}) });
        navigate(`${path}?${q.toString()}`);
      },
    },
  }, before ?? null, from.element, to.element, h('button', { type: 'submit', class: 'button button--secondary period-submit' }, t('rec.show')));
}
