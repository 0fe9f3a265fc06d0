import type { VerifyNumberView, VerifyReportView } from '../../../server/signing/schemas.ts';
import { api } from '../api.ts';
import { errorText, message } from '../components/feedback.ts';
import { field, input } from '../components/field.ts';
import { asFileButton } from '../components/file-button.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { PageResult } from '../page.ts';
import '../styles/signing.css';
import { reportView } from './report.ts';

/**
 * Public: anyone holding a signed document checks it, by uploading the PDF (nothing is kept)
 * or by its number in the register. The answer is read out (aria-live) when it arrives.
 */
export function render(): PageResult {
  const result = h('div', { class: 'verify-result', 'aria-live': 'polite' });
  const show = (...nodes: Node[]) => result.replaceChildren(...nodes);

  // By file.
  const file = field(t('verify.file.label'), input({ name: 'file', type: 'file', accept: 'application/pdf,.pdf' }), { hint: t('verify.file.hint') });
  asFileButton(file.control, t('file.choosePdf'));
  const fileSubmit = h('button', { type: 'submit', class: 'button button--primary' }, t('verify.file.submit'));
  const fileForm = h('form', { class: 'form verify-form', novalidate: true }, file.element, fileSubmit);
  fileForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.control.files?.[0];
    file.setError(chosen ? null : t('verify.file.missing'));
    if (!chosen) return;
    const form = new FormData();
    form.append('file', chosen, chosen.name);
    void run(fileSubmit, async () => reportView(await api.upload<VerifyReportView>('/api/verify', form)));
  });

  // By number.
  const number = field(t('verify.number.label'), input({ name: 'number', autocomplete: 'off', spellcheck: 'false' }), { hint: t('verify.number.hint') });
  const year = field(t('verify.number.year'), input({ name: 'year', inputmode: 'numeric', pattern: '[0-9]{4}', maxlength: 4 }), { className: 'verify-year', hint: t('verify.number.yearHint') });
  const numberSubmit = h('button', { type: 'submit', class: 'button button--secondary' }, t('verify.number.submit'));
  const numberForm = h('form', { class: 'form verify-form', novalidate: true }, h('div', { class: 'verify-number-row' }, number.element, year.element), numberSubmit);
  numberForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = number.control.value.trim();
    number.setError(value ? null : t('verify.number.missing'));
    if (!value) return;
    const y = /^\d{4}$/.test(year.control.value.trim()) ? year.control.value.trim() : undefined;
    void run(numberSubmit, async () => {
      const found = await api.get<VerifyNumberView>(`/api/verify/${encodeURIComponent(value)}`, { year: y });
      if (found.documents.length === 0) return message('info', t('verify.notFound', { number: value }));
      return h('div', { class: 'verify-documents' }, ...found.documents.map((doc) =>
        h('article', { class: 'verify-document' },
          h('h3', { class: 'verify-doc-title' }, doc.subject),
          h('p', { class: 'verify-doc-meta' }, t('verify.document', { type: doc.type, number: doc.number, organ: doc.organName, date: doc.issuedDate.split('-').reverse().join('/') })),
          doc.verification ? reportView(doc.verification) : message('info', t('verify.registeredUnsigned')))));
    });
  });

  async function run(button: HTMLButtonElement, work: () => Promise<Node>): Promise<void> {
    button.disabled = true;
    show(message('info', t('verify.checking')));
    try {
      show(await work());
    } catch (err) {
      show(message('error', errorText(err)));
    } finally {
      button.disabled = false;
    }
  }

  const node = h(
    'div',
    { class: 'page verify-page' },
    pageHeader(t('nav.verify'), t('verify.lead')),
    h('div', { class: 'verify-forms' },
      h('section', { class: 'card verify-card' }, h('h2', { class: 'verify-card-title' }, t('verify.file.title')), fileForm),
      h('section', { class: 'card verify-card' }, h('h2', { class: 'verify-card-title' }, t('verify.number.title')), numberForm)),
    result,
    h('p', { class: 'verify-ca' }, h('a', { href: '/api/signing/ca.pem', download: 'hopso-ca.pem' }, t('verify.ca'))),
  );
  return node;
}
