import { h, setText } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import type { PeerInfo } from '../protocol.ts';
import type { LiveSession } from '../session.ts';
import { shownName } from './names.ts';

export type TileKind = 'self' | 'peer' | 'screen' | 'ownScreen';

export interface Tile {
  node: HTMLElement;
  /** The remote camera producer shown, so the stage can choose its simulcast layer. */
  cameraProducerId: string | null;
  update(): void;
  dispose(): void;
}

/**
 * One site's (or one screen share's) tile. `update()` is cheap and idempotent: it looks
 * up the current track and flags in the session and touches the DOM only where they changed.
 */
export function tileFor(session: LiveSession, kind: TileKind, peer: PeerInfo | null, screenProducerId?: string): Tile {
  const video = h('video', { class: 'tile-video', autoplay: true, playsinline: true, muted: true });
  video.muted = true; // audio plays from the stage's hidden <audio> elements
  const avatar = h('div', { class: 'tile-avatar', 'aria-hidden': 'true' });
  const name = h('span', { class: 'tile-name' });
  const detail = h('span', { class: 'tile-detail' });
  const badges = h('span', { class: 'tile-badges' });
  // Says why a camera that is on shows no picture here (audio-only on a weak link), so nobody takes it for a camera turned off.
  const note = h('span', { class: 'tile-note', hidden: true });
  const node = h(
    'div',
    { class: `tile tile--${kind}`, role: 'listitem' },
    video,
    avatar,
    note,
    h('div', { class: 'tile-label' }, name, detail, badges),
  );
  if (kind === 'self' || kind === 'ownScreen') video.classList.add('tile-video--local');
  if (kind === 'self') video.classList.add('tile-video--mirror');
  let shown: MediaStreamTrack | null = null;
  let lastBadges = '';

  const tile: Tile = {
    node,
    cameraProducerId: null,
    update() {
      const s = session.state;
      const peerId = kind === 'self' || kind === 'ownScreen' ? (s.self?.peerId ?? '') : (peer?.peerId ?? '');
      const current = kind === 'peer' ? (s.peers.get(peerId) ?? peer) : peer;
      const producers = [...s.producers.values()].filter((p) => p.peerId === peerId);
      const camera = producers.find((p) => p.source === 'camera');
      const mic = producers.find((p) => p.source === 'mic');
      tile.cameraProducerId = kind === 'peer' ? (camera?.producerId ?? null) : null;

      let track: MediaStreamTrack | null;
      let videoOff = false;
      if (kind === 'self') {
        track = session.tracks.video;
        videoOff = !s.local.camOn;
      } else if (kind === 'ownScreen') {
        track = session.tracks.screen;
      } else {
        const producerId = kind === 'screen' ? screenProducerId : camera?.producerId;
        const remote = producerId ? session.engine?.remote(producerId) : undefined;
        track = remote?.consumer.track ?? null;
        // A consumer the server paused because the tile left the screen shows the site's name, not a frozen picture.
        videoOff = remote && producerId ? remote.info.paused || !s.subscription.video.has(producerId) : true;
        // Audio-only: camera video stops at the server; screen shares continue at the lowest layer.
        if (kind === 'peer' && s.receiveMode === 'audio-only') videoOff = true;
      }
      if (track !== shown) {
        shown = track;
        video.srcObject = track ? new MediaStream([track]) : null;
        if (track) void video.play().catch(() => {});
      }
      const showVideo = !!track && !videoOff;
      if (video.hidden === showVideo) video.hidden = !showVideo;
      if (avatar.hidden !== showVideo) avatar.hidden = showVideo;
      const paused = kind === 'peer' && s.receiveMode === 'audio-only' && !!camera && !camera.paused;
      const noteText = paused ? t(s.receiveReason === 'auto' ? 'live.tile.videoPausedWeak' : 'live.tile.videoPaused') : '';
      if (note.textContent !== noteText) note.textContent = noteText;
      if (note.hidden === paused) note.hidden = !paused;

      const siteName = kind === 'self' || kind === 'ownScreen' ? t('live.you') : (current?.siteName ?? '');
      const who = kind === 'self' ? s.self : current;
      const display = who ? shownName(who.displayName, who.declaredName) : '';
      setText(name, kind === 'screen' || kind === 'ownScreen' ? t('live.screenOf', { name: siteName }) : siteName);
      setText(detail, kind === 'screen' || kind === 'ownScreen' ? '' : display);
      setText(avatar, initials(kind === 'self' ? display : siteName));

      const micMuted = kind === 'self' ? !s.local.micOn : kind === 'peer' ? !mic || mic.paused : false;
      const holdsFloor = (kind === 'self' || kind === 'peer') && peerId !== '' && s.floor.holderPeerId === peerId;
      const speaking = (kind === 'self' || kind === 'peer') && peerId !== '' && s.activeSpeaker === peerId;
      node.classList.toggle('tile--speaking', speaking);
      node.classList.toggle('tile--floor', holdsFloor);
      if (node.dataset['peerId'] !== peerId) node.dataset['peerId'] = peerId;
      const headcount = kind === 'self' ? s.headcount : current?.headcount;
      const flags = [
        current?.role === 'chair' || (kind === 'self' && s.self?.role === 'chair') ? 'chair' : '',
        holdsFloor ? 'floor' : '',
        (kind === 'self' || kind === 'peer') && micMuted ? 'muted' : '',
        current && !current.connected ? 'offline' : '',
        kind !== 'screen' && kind !== 'ownScreen' && headcount ? `count:${headcount}` : '',
      ].join('|');
      if (flags !== lastBadges) {
        lastBadges = flags;
        badges.replaceChildren(...badgeNodes(flags));
      }
    },
    dispose() {
      video.srcObject = null;
    },
  };
  return tile;
}

function badgeNodes(flags: string): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  for (const flag of flags.split('|')) {
    if (flag === 'chair') nodes.push(h('span', { class: 'badge badge--chair' }, t('live.badge.chair')));
    else if (flag === 'floor') nodes.push(h('span', { class: 'badge badge--floor' }, t('live.floor.speaking')));
    else if (flag === 'muted') nodes.push(h('span', { class: 'badge badge--muted', title: t('live.badge.muted') }, t('live.badge.muted')));
    else if (flag === 'offline') nodes.push(h('span', { class: 'badge badge--offline' }, t('live.badge.offline')));
    else if (flag.startsWith('count:')) nodes.push(h('span', { class: 'badge' }, t('live.headcount.short', { n: Number(flag.slice(6)) })));
  }
  return nodes;
}

function initials(name: string): string {
  const words = name.replace(/^(Xã|Phường|Đặc khu|UBND|Văn phòng)\s+/i, '').split(/\s+/).filter(Boolean);
  return words
    .slice(-2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}
