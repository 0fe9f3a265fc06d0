import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { chair } from '../actions.ts';
import type { PeerInfo } from '../protocol.ts';
import type { LiveSession } from '../session.ts';
import { isChair, presentSites, rollCallAnswer, siteCounts } from '../state.ts';
import { grantDialog } from './dialogs.ts';
import { shownName } from './names.ts';

/**
 * The sites in the room (điểm cầu) and, for the chair, those waiting in the lobby.
 * Each row says who is there, how many people they declared, and whether they hear only
 * audio; the chair mutes, removes or gives the floor from the row.
 */
export function peoplePanel(session: LiveSession): { node: HTMLElement; update(): void } {
  const lobbyList = h('ul', { class: 'people-list' });
  const lobbyTitle = h('h2', { id: 'lobby-title', class: 'live-panel-title' });
  const lobby = h('section', { class: 'live-panel lobby-panel', 'aria-labelledby': 'lobby-title', hidden: true }, lobbyTitle, lobbyList);
  const summary = h('p', { class: 'muted people-summary' });
  const featuredOnly = h('p', { class: 'muted people-note', hidden: true }, t('live.people.featuredOnly'));
  const list = h('ul', { class: 'people-list' });
  const people = h(
    'section',
    { class: 'live-panel people-panel', 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title', class: 'live-panel-title' }, t('live.people.title')),
    summary,
    featuredOnly,
    list,
  );
  const node = h('div', { class: 'live-side-group' }, lobby, people);

  function update(): void {
    const s = session.state;
    const chairing = isChair(s);
    lobby.hidden = !chairing || s.lobby.length === 0;
    lobbyTitle.textContent = t('live.lobby.title', { n: s.lobby.length });
    lobbyList.replaceChildren(
      ...s.lobby.map((peer) =>
        h(
          'li',
          { class: 'people-row', 'data-peer-id': peer.peerId },
          siteLabel(peer),
          h(
            'button',
            { type: 'button', class: 'live-button live-button--small live-button--primary', 'data-control': 'admit', on: { click: () => void chair.admit(session, peer.peerId) } },
            t('live.lobby.admit'),
          ),
        ),
      ),
    );

    // The same sites the roll call counts (state.ts presentSites).
    const admitted = presentSites(s);
    const counts = siteCounts(s);
    // Before any site declares its headcount, "0 người dự" would read as an empty room.
    summary.textContent = counts.people > 0 ? t('live.people.summary', { ...counts }) : t('live.people.sites', { ...counts });
    // A site lists only the chủ trì and the sites sending media; the count above is the whole room's.
    featuredOnly.hidden = s.roster !== 'summary';
    const micPaused = (peerId: string) => {
      if (peerId === s.self?.peerId) return !s.local.micOn;
      const mic = [...s.producers.values()].find((p) => p.peerId === peerId && p.source === 'mic');
      return !mic || mic.paused;
    };
    list.replaceChildren(
      ...admitted
        .sort((a, b) => Number(b.role === 'chair') - Number(a.role === 'chair') || a.siteName.localeCompare(b.siteName, 'vi'))
        .map((peer) => {
          const self = peer.peerId === s.self?.peerId;
          const actions =
            chairing && !self
              ? [
                  peer.mutedByChair
                    ? h('button', { type: 'button', class: 'live-button live-button--small', 'data-control': 'unmute', on: { click: () => void chair.unmute(session, peer.peerId) } }, t('live.chair.unmute'))
                    : h('button', { type: 'button', class: 'live-button live-button--small', 'data-control': 'mute', on: { click: () => void chair.mute(session, peer.peerId) } }, t('live.chair.mute')),
                  h('button', { type: 'button', class: 'live-button live-button--small', 'data-control': 'grant', on: { click: () => grantDialog(session, peer.peerId, peer.siteName) } }, t('live.floor.grant')),
                  h('button', { type: 'button', class: 'live-button live-button--small live-button--danger', 'data-control': 'remove', on: { click: () => confirmRemove(session, peer) } }, t('live.chair.remove')),
                ]
              : [];
          return h(
            'li',
            { class: `people-row${s.activeSpeaker === peer.peerId ? ' people-row--speaking' : ''}`, 'data-peer-id': peer.peerId },
            siteLabel(peer, self),
            h(
              'span',
              { class: 'people-flags' },
              peer.role === 'chair' ? h('span', { class: 'badge badge--chair' }, t('live.badge.chair')) : null,
              micPaused(peer.peerId) ? h('span', { class: 'badge badge--muted' }, t('live.badge.muted')) : null,
              peer.receiveMode === 'audio-only' ? h('span', { class: 'badge' }, t('live.badge.audioOnly')) : null,
              peer.connected ? null : h('span', { class: 'badge badge--offline' }, t('live.badge.offline')),
              chairing && rollCallAnswer(s, peer) !== null
                ? h('span', { class: 'badge badge--answered' }, t('live.rollCall.answered', { n: rollCallAnswer(s, peer) ?? 0 }))
                : null,
            ),
            actions.length ? h('span', { class: 'people-actions' }, actions) : null,
          );
        }),
    );
  }

  update();
  return { node, update };
}

function siteLabel(peer: PeerInfo, self = false): HTMLElement {
  return h(
    'span',
    { class: 'people-site' },
    h('strong', null, self ? `${peer.siteName} (${t('live.you')})` : peer.siteName),
    h('span', { class: 'muted' }, [shownName(peer.displayName, peer.declaredName), peer.headcount ? t('live.headcount.short', { n: peer.headcount }) : ''].filter(Boolean).join(' · ')),
  );
}

function confirmRemove(session: LiveSession, peer: PeerInfo): void {
  if (confirm(t('live.chair.removeConfirm', { name: peer.siteName }))) void chair.remove(session, peer.peerId);
}
