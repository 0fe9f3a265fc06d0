import { ApiError } from '../api.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { login } from '../session.ts';
import { takeReturnPath } from '../return-path.ts';

/**
 * Username and password. The server's own message is shown for 401 and 429, since it
 * knows best why (wrong password, locked, too many attempts); the page adds a message
 * only when there is none (network down).
 */
// Survives a re-render (the language switch redraws the page) so a typed username is not lost.
let draftUsername = '';

export function render(): Node {
  const userId = uid('login-username');
  const passId = uid('login-password');
  const errorId = uid('login-error');

  const username = h('input', {
    id: userId,
    name: 'username',
    class: 'input',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
    on: { input: () => (draftUsername = username.value) },
  });
  username.value = draftUsername;
  const password = h('input', {
    id: passId,
    name: 'password',
    type: 'password',
    class: 'input',
    autocomplete: 'current-password',
    required: true,
  });
  const error = h('p', { id: errorId, class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary button--block' }, t('login.submit'));

  const showError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    for (const input of [username, password]) input.setAttribute('aria-describedby', errorId);
  };

  const onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      showError(t('login.missing'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    try {
      await login(username.value.trim(), password.value);
      draftUsername = '';
      navigate(takeReturnPath() ?? '/');
    } catch (err) {
      showError(messageFor(err));
      password.select();
      password.focus();
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
      h('div', { class: 'field' }, h('label', { for: userId, class: 'field-label' }, t('login.username')), username),
      h('div', { class: 'field' }, h('label', { for: passId, class: 'field-label' }, t('login.password')), password),
      error,
      submit,
    ),
  );
}

function messageFor(err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.generic');
  if (err.status === 0) return t('error.network');
  if (err.message && !err.code.startsWith('http_')) return err.message;
  if (err.status === 401) return t('login.failed');
  if (err.status === 429) return t('login.rateLimited');
  return t('error.generic');
}
