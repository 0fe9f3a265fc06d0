import { h, replaceChildren } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { clockVN } from '../../time.ts';
import { chair } from '../actions.ts';
import type { LiveSession } from '../session.ts';
import { isChair } from '../state.ts';
import { grantDialog } from './dialogs.ts';

/**
 * The formal speaking queue (đăng ký phát biểu): who holds the floor, how long they have
 * left when the chair set a limit, and who waits in order. The chair grants and revokes
 * from here; everyone sees the same list.
 */
export function floorPanel(session: LiveSession): { node: HTMLElement; update(): void; dispose(): void } {
  const holder = h('div', { class: 'floor-holder', 'aria-live': 'polite' });
  const countdown = h('p', { class: 'floor-countdown', role: 'timer', hidden: true });
  const queue = h('ol', { class: 'floor-queue' });
  const empty = h('p', { class: 'muted floor-empty' });
  const node = h(
    'section',
    { class: 'live-panel floor-panel', 'aria-labelledby': 'floor-title' },
    h('h2', { id: 'floor-title', class: 'live-panel-title' }, t('live.floor.title')),
    holder,
    countdown,
    queue,
    empty,
  );

  const tick = setInterval(() => renderCountdown(), 1_000);

  function renderCountdown(): void {
    const { floor, floorSkewMs } = session.state;
    if (!floor.holderPeerId || !floor.endsAt) {
      countdown.hidden = true;
      return;
    }
    const leftMs = Date.parse(floor.endsAt) + floorSkewMs - Date.now();
    const left = Math.max(0, Math.ceil(leftMs / 1000));
    const text = t('live.floor.remaining', { time: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` });
    if (countdown.textContent !== text) countdown.textContent = text;
    countdown.hidden = false;
    countdown.classList.toggle('floor-countdown--ending', left <= 30);
  }

  function update(): void {
    const s = session.state;
    const chairing = isChair(s);
    const { floor } = s;
    const mine = (peerId: string | null) => !!peerId && peerId === s.self?.peerId;
    if (floor.holderPeerId) {
      replaceChildren(
        holder,
        h('span', { class: 'badge badge--floor' }, t('live.floor.speaking')),
        h('strong', { 'data-floor-holder': floor.holderPeerId }, mine(floor.holderPeerId) ? t('live.you') : (floor.holderSiteName ?? '')),
        chairing
          ? h('button', { type: 'button', class: 'live-button live-button--small', 'data-control': 'revoke', on: { click: () => void chair.revoke(session) } }, t('live.floor.revoke'))
          : null,
      );
    } else {
      holder.replaceChildren(h('span', { class: 'muted' }, t('live.floor.nobody')));
    }
    renderCountdown();

    queue.replaceChildren(
      ...floor.queue.map((entry, index) =>
        h(
          'li',
          { class: 'floor-entry', 'data-peer-id': entry.peerId },
          h('span', { class: 'floor-position' }, String(index + 1)),
          h('span', { class: 'floor-site' }, mine(entry.peerId) ? t('live.you') : entry.siteName),
          h('span', { class: 'floor-time muted' }, clockVN(entry.requestedAt)),
          chairing
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'live-button live-button--small',
                  'data-control': 'grant',
                  on: { click: () => grantDialog(session, entry.peerId, entry.siteName) },
                },
                t('live.floor.grant'),
              )
            : null,
        ),
      ),
    );
    const position = floor.queue.findIndex((q) => mine(q.peerId));
    empty.textContent = position >= 0 ? t('live.floor.position', { n: position + 1 }) : floor.queue.length === 0 ? t('live.floor.emptyQueue') : '';
    empty.hidden = empty.textContent === '';
  }

  update();
  return { node, update, dispose: () => clearInterval(tick) };
}
