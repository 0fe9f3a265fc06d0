import { t } from '../i18n/index.ts';
import { field, input, type Field } from './field.ts';

/**
 * Dates and times as they are written here, dd/mm/yyyy and 24-hour HH:mm, in both languages
 * and whatever the browser's locale: a native <input type=date> on an English PC shows
 * 12/15/2026 and 08:00 AM and invites day/month mistakes. Plain text inputs with a numeric
 * keyboard on phones; lenient in what they take ("8/1/2027", "12.01.2027", "8h", "0830"),
 * tidied to the one form when the field is left. Values go in and out as ISO ("2027-01-12", "08:30").
 */

export interface DateTimeField extends Field<HTMLInputElement> {
  /** The value as ISO (yyyy-MM-dd or HH:mm), or null when empty or not a valid date/time. */
  iso(): string | null;
  /** Sets the value from ISO. */
  set(iso: string): void;
  /** The error to show for the current text, or null when it is valid (empty counts as valid here; `required` is the form's call). */
  problem(): string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "12/01/2027", "12-1-2027", "12.01.2027", "12012027", or a pasted "2027-01-12" → "2027-01-12"; null if not a real date. */
export function parseDmy(text: string): string | null {
  const s = text.trim();
  let d: number, m: number, y: number;
  let match = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$/.exec(s);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/** "08:30", "8:30", "8.30", "8h30", "8h", "0830", "8" → "08:30"/"08:00"; null if not a time of day. */
export function parseHm(text: string): string | null {
  const s = text.trim().toLowerCase();
  const match = /^(\d{1,2})(?:[:.h]\s*(\d{2})?|(\d{2}))?$/.exec(s);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? match[3] ?? 0);
  return hours <= 23 && minutes <= 59 ? `${pad(hours)}:${pad(minutes)}` : null;
}

const toDmy = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}/${m}/${y}` : '';
};

function textField(
  label: string,
  props: Record<string, string | number>,
  parse: (text: string) => string | null,
  show: (iso: string) => string,
  errorKey: 'dt.err.date' | 'dt.err.time',
  options: { hint?: string; required?: boolean },
): DateTimeField {
  const control = input({ type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', ...props });
  const problem = () => (control.value.trim() === '' || parse(control.value) ? null : t(errorKey));
  const base = field(label, control, { ...options, check: problem });
  // Tidied on leaving, not while typing (the caret would jump).
  control.addEventListener('blur', () => {
    const iso = parse(control.value);
    if (iso) control.value = show(iso);
  });
  return {
    ...base,
    iso: () => parse(control.value),
    set: (iso) => {
      control.value = iso ? show(iso) : '';
    },
    problem,
  };
}

export function dateField(label: string, iso: string, options: { hint?: string; required?: boolean } = {}): DateTimeField {
  const f = textField(label, { placeholder: t('dt.datePlaceholder'), maxlength: 10, pattern: '\\d{1,2}[/.\\-]\\d{1,2}[/.\\-]\\d{4}|\\d{8}|\\d{4}-\\d{1,2}-\\d{1,2}', class: 'input input--date' },
    parseDmy, toDmy, 'dt.err.date', { hint: options.hint ?? t('dt.dateHint'), required: options.required });
  f.set(iso);
  return f;
}

export function timeField(label: string, iso: string, options: { hint?: string; required?: boolean } = {}): DateTimeField {
  const f = textField(label, { placeholder: t('dt.timePlaceholder'), maxlength: 5, pattern: '\\d{1,2}([:.h]\\d{0,2})?|\\d{3,4}', class: 'input input--time' },
    parseHm, (iso) => iso, 'dt.err.time', { hint: options.hint ?? t('dt.timeHint'), required: options.required });
  f.set(iso);
  return f;
}
