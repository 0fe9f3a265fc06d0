import type { SignatureReportView, VerifyReportView } from '../../../server/signing/schemas.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';

/** A verification's verdict: one banner that says valid or not, then each signature. */
export function reportView(report: VerifyReportView): HTMLElement {
  const verdict = report.signatures.length === 0 ? t('verify.unsigned') : report.valid ? t('verify.valid') : t('verify.invalid');
  return h(
    'div',
    { class: 'verify-report' },
    h('p', { class: `verify-verdict verify-verdict--${report.valid ? 'valid' : 'invalid'}`, 'data-valid': String(report.valid) }, verdict),
    report.signatures.length
      ? h('section', { class: 'verify-signatures', 'aria-label': t('verify.signatures') }, h('h3', { class: 'verify-subtitle' }, t('verify.signatures')), h('ol', { class: 'verify-list' }, report.signatures.map(signatureItem)))
      : null,
  );
}

function signatureItem(s: SignatureReportView): HTMLElement {
  const ok = s.intact && s.trusted;
  const row = (label: string, value: string | null) => (value ? [h('dt', null, label), h('dd', null, value)] : []);
  const badges = [
    badge(s.intact ? 'ok' : 'bad', t(s.intact ? 'verify.intact' : 'verify.altered')),
    s.intact ? badge(s.trusted ? 'ok' : 'bad', t(s.trusted ? 'verify.trusted' : 'verify.untrusted')) : null,
    s.intact && !s.coversWholeDocument ? badge('info', t('verify.partial')) : null,
  ];
  return h(
    'li',
    { class: `verify-signature ${ok ? 'is-ok' : 'is-bad'}` },
    h('p', { class: 'verify-signer' }, s.signerName || '—'),
    h('p', { class: 'verify-badges' }, ...badges),
    s.problem ? h('p', { class: 'verify-problem' }, t(`verify.problem.${s.problem}` as MessageKey)) : null,
    h('dl', { class: 'verify-facts' },
      ...row(t('verify.organization'), [s.organization, s.unit].filter(Boolean).join(' · ') || null),
      ...row(t('verify.time'), s.signingTime),
      ...row(t('verify.reason'), s.reason),
      ...row(t('verify.issuer'), s.certificate?.issuer ?? null)),
  );
}

function badge(kind: 'ok' | 'bad' | 'info', text: string): HTMLElement {
  return h('span', { class: `verify-badge verify-badge--${kind}` }, text);
}
