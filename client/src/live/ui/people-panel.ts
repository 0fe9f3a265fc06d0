import { input } from '../../components/field.ts';
import { h, setText } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { fold } from '../../text.ts';
import { chair } from '../actions.ts';
import type { PeerInfo } from '../protocol.ts';
import { SortedList } from '../sorted.ts';
import type { LiveSession } from '../session.ts';
import { isChair, presentSites, rollCallAnswer, siteCounts, type Part } from '../state.ts';
import { grantDialog } from './dialogs.ts';
import { shownName } from './names.ts';

/** Rows the list shows at once: a national meeting's 3,356 sites are found by name, a page at a time. */
export const PEOPLE_PAGE = 20;

/** The parts of the state the list shows; other changes (layout, agenda, messages…) leave it as it is. */
const SHOWN: readonly Part[] = ['phase', 'peers', 'producers', 'speaker', 'lobby', 'local', 'mode', 'rollCall'];

const collator = new Intl.Collator('vi');
/** The chủ trì first, then by name. */
const byRoleAndName = (a: PeerInfo, b: PeerInfo) => Number(b.role === 'chair') - Number(a.role === 'chair') || collator.compare(a.siteName, b.siteName) || a.peerId.localeCompare(b.peerId);

/**
 * The sites in the room (điểm cầu) and, for the chair, those waiting in the lobby.
 * Each row says who is there, how many people they declared, and whether they hear only
 * audio; the chair mutes, removes or gives the floor from the row. The chủ trì of a large
 * meeting finds a site by name (diacritics ignored: "ba dinh" finds "Ba Đình") and pages through
 * the list; only the rows of the page shown exist, and a row is built again only when what it
 * shows changed.
 */
export function peoplePanel(session: LiveSession): { node: HTMLElement; update(parts?: ReadonlySet<Part>): void } {
  const lobbyList = h('ul', { class: 'people-list' });
  const lobbyTitle = h('h2', { id: 'lobby-title', class: 'live-panel-title' });
  const admitAll = h('button', {
    type: 'button', class: 'live-button live-button--small live-button--primary', 'data-control': 'admit-all',
    on: {
      click: () => {
        admitAll.disabled = true;
        void chair.admitAll(session).finally(() => (admitAll.disabled = false));
      },
    },
  });
  const lobbyMore = h('p', { class: 'muted people-note', hidden: true });
  const lobby = h('section', { class: 'live-panel lobby-panel', 'aria-labelledby': 'lobby-title', hidden: true }, lobbyTitle, admitAll, lobbyList, lobbyMore);
  const summary = h('p', { class: 'muted people-summary' });
  const featuredOnly = h('p', { class: 'muted people-note', hidden: true }, t('live.people.featuredOnly'));
  const search = input({ type: 'search', autocomplete: 'off', class: 'input people-search', 'aria-label': t('live.people.search'), placeholder: t('live.people.searchHint') });
  search.addEventListener('input', () => {
    page = 0;
    render();
  });
  const empty = h('p', { class: 'muted people-empty', role: 'status', hidden: true });
  const list = h('ul', { class: 'people-list' });
  const prev = h('button', { type: 'button', class: 'live-button live-button--small', 'data-people-page': 'prev', 'aria-label': t('live.pager.prev'), title: t('live.pager.prev'), on: { click: () => go(-1) } }, '‹');
  const next = h('button', { type: 'button', class: 'live-button live-button--small', 'data-people-page': 'next', 'aria-label': t('live.pager.next'), title: t('live.pager.next'), on: { click: () => go(1) } }, '›');
  const range = h('span', { class: 'people-range', 'aria-live': 'polite' });
  const pager = h('nav', { class: 'people-pager', 'aria-label': t('live.people.pages'), hidden: true }, prev, range, next);
  const people = h(
    'section',
    { class: 'live-panel people-panel', 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title', class: 'live-panel-title' }, t('live.people.title')),
    summary,
    featuredOnly,
    search,
    empty,
    list,
    pager,
  );
  const node = h('div', { class: 'live-side-group' }, lobby, people);
  let page = 0;
  let lobbyKey = '';
  const rows = new Map<string, { key: string; node: HTMLElement }>();
  const order = new SortedList<PeerInfo>(byRoleAndName);
  /** Site and person names without diacritics, as the search compares them. */
  const folded = new Map<string, string>();
  const folds = (text: string) => {
    let f = folded.get(text);
    if (f === undefined) folded.set(text, (f = fold(text)));
    return f;
  };

  function go(delta: number): void {
    page += delta;
    render();
  }

  function update(parts?: ReadonlySet<Part>): void {
    if (parts && !SHOWN.some((part) => parts.has(part))) return;
    renderLobby();
    render();
  }

  /** The chair's lobby: the first sites waiting, one button for them all (hundreds may wait for a locked room). */
  function renderLobby(): void {
    const s = session.state;
    lobby.hidden = !isChair(s) || s.lobby.length === 0;
    const shown = lobby.hidden ? [] : s.lobby.slice(0, PEOPLE_PAGE);
    const key = `${s.lobby.length}:${shown.map((p) => p.peerId).join()}`;
    if (key === lobbyKey) return;
    lobbyKey = key;
    lobbyTitle.textContent = t('live.lobby.title', { n: s.lobby.length });
    admitAll.hidden = s.lobby.length < 2;
    admitAll.textContent = t('live.lobby.admitAll', { n: s.lobby.length });
    lobbyMore.hidden = s.lobby.length <= shown.length;
    lobbyMore.textContent = t('live.lobby.more', { n: s.lobby.length - shown.length });
    lobbyList.replaceChildren(
      ...shown.map((peer) =>
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
  }

  function render(): void {
    const s = session.state;
    const chairing = isChair(s);
    // The same sites the roll call counts (state.ts presentSites).
    const admitted = presentSites(s);
    const counts = siteCounts(s);
    // Before any site declares its headcount, "0 người dự" would read as an empty room.
    setText(summary, counts.people > 0 ? t('live.people.summary', { ...counts }) : t('live.people.sites', { ...counts }));
    // A summary roster lists only the chủ trì, the sites on the stage and those of its page of the grid; the counts above are the whole room's.
    featuredOnly.hidden = s.roster !== 'summary';
    search.hidden = admitted.length <= PEOPLE_PAGE && search.value === '';

    const query = fold(search.value.trim());
    const sorted = order.order(admitted);
    const found = query ? sorted.filter((p) => folds(p.siteName).includes(query) || folds(p.displayName).includes(query)) : sorted;
    const pages = Math.max(1, Math.ceil(found.length / PEOPLE_PAGE));
    page = Math.min(Math.max(0, page), pages - 1);
    const shown = found.slice(page * PEOPLE_PAGE, (page + 1) * PEOPLE_PAGE);
    pager.hidden = pages <= 1;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    setText(range, t('live.people.range', { from: page * PEOPLE_PAGE + 1, to: page * PEOPLE_PAGE + shown.length, total: found.length }));
    empty.hidden = found.length > 0 || !query;
    setText(empty, empty.hidden ? '' : t('live.people.noMatch', { q: search.value.trim() }));

    // Whose microphone is open, looked up once rather than once per row.
    const micOpen = new Set<string>();
    for (const p of s.producers.values()) if (p.source === 'mic' && !p.paused) micOpen.add(p.peerId);
    if (s.self && s.local.micOn) micOpen.add(s.self.peerId);
    const wanted = new Set(shown.map((p) => p.peerId));
    for (const id of rows.keys()) if (!wanted.has(id)) rows.delete(id);
    const nodes = shown.map((peer) => {
      const self = peer.peerId === s.self?.peerId;
      const answer = chairing ? rollCallAnswer(s, peer) : null;
      const key = [
        peer.siteName, peer.displayName, peer.declaredName, peer.headcount, peer.role, peer.receiveMode, peer.connected, peer.mutedByChair,
        self, chairing, s.activeSpeaker === peer.peerId, micOpen.has(peer.peerId), answer,
      ].join('|');
      const cached = rows.get(peer.peerId);
      if (cached?.key === key) return cached.node;
      const built = row(peer, { self, chairing, speaking: s.activeSpeaker === peer.peerId, muted: !micOpen.has(peer.peerId), answer });
      rows.set(peer.peerId, { key, node: built });
      return built;
    });
    // Rows already in place stay (no flicker, focus kept); only a changed order moves them.
    if (nodes.length !== list.children.length || nodes.some((n, i) => list.children[i] !== n)) list.replaceChildren(...nodes);
  }

  function row(peer: PeerInfo, o: { self: boolean; chairing: boolean; speaking: boolean; muted: boolean; answer: number | null }): HTMLElement {
    const actions =
      o.chairing && !o.self
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
      { class: `people-row${o.speaking ? ' people-row--speaking' : ''}`, 'data-peer-id': peer.peerId },
      siteLabel(peer, o.self),
      h(
        'span',
        { class: 'people-flags' },
        peer.role === 'chair' ? h('span', { class: 'badge badge--chair' }, t('live.badge.chair')) : null,
        o.muted ? h('span', { class: 'badge badge--muted' }, t('live.badge.muted')) : null,
        peer.receiveMode === 'audio-only' ? h('span', { class: 'badge' }, t('live.badge.audioOnly')) : null,
        peer.connected ? null : h('span', { class: 'badge badge--offline' }, t('live.badge.offline')),
        o.answer !== null ? h('span', { class: 'badge badge--answered' }, t('live.rollCall.answered', { n: o.answer })) : null,
      ),
      actions.length ? h('span', { class: 'people-actions' }, actions) : null,
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
