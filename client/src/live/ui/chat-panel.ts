import { h, uid } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { clockVN } from '../../time.ts';
import type { MessageAudience, RoomMessage } from '../protocol.ts';
import { addMessage } from '../records.ts';
import type { LiveSession } from '../session.ts';
import { isChair } from '../state.ts';
import { NARROW_SCREEN } from './layout.ts';

/** The server's limit (MESSAGE_MAX_LENGTH in server/live/protocol.ts); the server refuses longer ones anyway. */
const MAX_LENGTH = 1000;

/**
 * The room's text channel (hỏi đáp, trao đổi): questions to the chủ trì — seen by the chairs,
 * the secretary and the asking site only — and notes to every site. Folds to its title and an
 * unread count; what arrives while folded is counted until it is opened.
 */
export function chatPanel(session: LiveSession): { node: HTMLElement; update(): void } {
  const bodyId = uid('chat-body');
  const unread = h('span', { class: 'chat-unread', 'data-chat-unread': '', hidden: true });
  const toggle = h(
    'button',
    { type: 'button', class: 'chat-toggle', 'aria-controls': bodyId, 'aria-expanded': 'true', 'data-control': 'chat-toggle', on: { click: () => setOpen(toggle.getAttribute('aria-expanded') !== 'true') } },
    h('span', { class: 'live-panel-title chat-title', id: `${bodyId}-title` }, t('live.chat.title')),
    unread,
    h('span', { class: 'chat-chevron', 'aria-hidden': 'true' }),
  );
  const list = h('ol', { class: 'chat-list', 'aria-live': 'polite', 'aria-labelledby': `${bodyId}-title` });
  const empty = h('p', { class: 'muted chat-empty' }, t('live.chat.empty'));
  const audienceId = uid('chat-to');
  const audience = h(
    'select',
    { id: audienceId, class: 'chat-audience', 'data-chat-to': '' },
    h('option', { value: 'chair' }, t('live.chat.toChair')),
    h('option', { value: 'all' }, t('live.chat.toAll')),
  );
  const text = h('textarea', {
    class: 'chat-text', rows: 2, maxlength: MAX_LENGTH, 'aria-label': t('live.chat.label'), placeholder: t('live.chat.placeholder'), 'data-chat-text': '',
    on: {
      keydown: (event) => {
        // Enter sends, Shift+Enter starts a new line (as in every messenger people already use).
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          form.requestSubmit();
        }
      },
    },
  });
  const send = h('button', { type: 'submit', class: 'live-button live-button--small live-button--primary', 'data-control': 'chat-send' }, t('live.chat.send'));
  const error = h('p', { class: 'chat-error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { class: 'chat-form', on: { submit: (event) => { event.preventDefault(); void submit(); } } },
    h('div', { class: 'chat-form-row' }, h('label', { class: 'chat-audience-label', for: audienceId }, t('live.chat.audience')), audience),
    h('div', { class: 'chat-form-row' }, text, send),
    error,
  );
  const body = h('div', { id: bodyId, class: 'chat-body' }, empty, list, form);
  const node = h('section', { class: 'live-panel chat-panel', 'aria-labelledby': `${bodyId}-title`, 'data-chat': '' }, toggle, body);

  /** Messages counted as read: all of them while open; our own are never unread. */
  let seen = 0;
  const own = new Set<string>();
  let chairDefaultSet = false;

  function setOpen(open: boolean): void {
    toggle.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    node.classList.toggle('chat-panel--folded', !open);
    update();
    if (open) list.scrollTop = list.scrollHeight;
  }

  async function submit(): Promise<void> {
    const value = text.value.trim();
    if (!value) return;
    if (value.length > MAX_LENGTH) return showError(t('live.chat.tooLong', { n: MAX_LENGTH }));
    send.disabled = true;
    try {
      const { message } = await session.request('sendMessage', { text: value, to: audience.value as MessageAudience });
      own.add(message.id);
      addMessage(session, message);
      text.value = '';
      showError(null);
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
    } finally {
      send.disabled = false;
    }
  }

  function showError(message: string | null): void {
    error.hidden = !message;
    error.textContent = message ?? '';
  }

  function row(message: RoomMessage): HTMLElement {
    const s = session.state;
    const mine = message.siteId === s.self?.siteId;
    return h(
      'li',
      { class: `chat-message${message.to === 'chair' ? ' chat-message--private' : ''}${mine ? ' chat-message--mine' : ''}`, 'data-message-id': message.id, 'data-message-to': message.to },
      h(
        'div',
        { class: 'chat-meta' },
        h('strong', { class: 'chat-site' }, mine ? t('live.chat.you', { site: message.siteName }) : message.siteName),
        h('time', { class: 'chat-time muted', datetime: message.at }, clockVN(message.at)),
      ),
      h(
        'div',
        { class: 'chat-meta' },
        h('span', { class: 'muted' }, message.senderName),
        message.to === 'chair' ? h('span', { class: 'chat-tag' }, t('live.chat.privateTag')) : null,
      ),
      h('p', { class: 'chat-text-body' }, message.text),
    );
  }

  function update(): void {
    const s = session.state;
    if (!chairDefaultSet && s.self) {
      // The chair's side writes to everyone; a site's first use is asking the chair.
      audience.value = isChair(s) ? 'all' : 'chair';
      chairDefaultSet = true;
    }
    const open = toggle.getAttribute('aria-expanded') === 'true';
    const shown = list.children.length;
    if (shown > s.messages.length || [...list.children].some((li, i) => (li as HTMLElement).dataset['messageId'] !== s.messages[i]?.id)) {
      list.replaceChildren(...s.messages.map(row));
    } else {
      list.append(...s.messages.slice(shown).map(row));
    }
    // The list scrolls inside itself: a new message never moves the page.
    if (open && s.messages.length > shown) list.scrollTop = list.scrollHeight;
    empty.hidden = s.messages.length > 0;
    if (open) seen = s.messages.length;
    const count = s.messages.slice(seen).filter((m) => !own.has(m.id)).length;
    unread.hidden = count === 0;
    unread.textContent = count === 0 ? '' : t('live.chat.unread', { n: count });
  }

  setOpen(!window.matchMedia(NARROW_SCREEN).matches);
  return { node, update };
}
