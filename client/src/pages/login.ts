import { ApiError } from '../api.ts';
import { errorText } from '../components/feedback.ts';
import { field, input } from '../components/field.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { takeReturnPath } from '../return-path.ts';
import { navigate } from '../router.ts';
import { login } from '../session.ts';

/**
 * Username and password. The server's own message is shown for 401 and 429, since it
 * knows best why (wrong password, locked, too many attempts); the page adds a message
 * only when there is none (network down).
 */
// Survives a re-render (the language switch redraws the page) so a typed username is not lost.
let draftUsername = '';

export function render(): Node {
  const errorId = uid('login-error');
  const username = field(
    t('login.username'),
    input({ name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', required: true }),
  );
  username.control.value = draftUsername;
  username.control.addEventListener('input', () => (draftUsername = username.control.value));
  const password = field(t('login.password'), input({ name: 'password', type: 'password', autocomplete: 'current-password', required: true }));
  const error = h('p', { id: errorId, class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary button--block' }, t('login.submit'));

  // One message for the form: the server does not say which of the two was wrong.
  const showError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    for (const f of [username, password]) f.control.setAttribute('aria-describedby', errorId);
  };

  const onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const name = username.control.value.trim();
    if (!name || !password.control.value) {
      showError(t('login.missing'));
      (name ? password : username).control.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      await login(name, password.control.value);
      draftUsername = '';
      navigate(takeReturnPath() ?? '/');
    } catch (err) {
      showError(messageFor(err));
      password.control.select();
      password.control.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  };

  return h(
    'section',
    { class: 'card login-card', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', class: 'page-title', tabindex: '-1' }, t('login.title')),
    h('p', { class: 'muted' }, t('login.intro')),
    h(
      'form',
      { class: 'form', novalidate: true, on: { submit: (event) => void onSubmit(event) } },
      username.element,
      password.element,
      error,
      submit,
    ),
  );
}

/** The server's own words; a bare 401 or 429 (no message from us, e.g. a proxy's) read as what they mean here. */
function messageFor(err: unknown): string {
  if (err instanceof ApiError && err.status !== 0 && (err.code.startsWith('http_') || !err.message)) {
    if (err.status === 401) return t('login.failed');
    if (err.status === 429) return t('login.rateLimited');
  }
  return errorText(err);
}
