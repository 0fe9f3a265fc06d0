import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { planGrid } from '../grid.ts';
import type { LiveSession } from '../session.ts';
import { pager } from './pager.ts';
import { tileFor, type Tile } from './tile.ts';

/** A phone shows a page of 2×2 sites unless the person picks more. */
const PHONE = '(max-width: 40rem)';

/**
 * The video area: the chủ trì and the floor holder pinned, then one page of the other sites
 * (grid.ts), one tile per screen share, and the audio this site receives in a hidden box, so
 * that switching layouts never interrupts what people hear. Tiles are kept and moved, never
 * rebuilt, so video does not flicker. The server keeps the grid's order: it is told which page
 * this site wants (showPage), answers with that page's sites and sends only their video (and the
 * stage's): the other sites are counted.
 *
 * Presenter layout: a screen share, else the floor holder, else the active speaker is big;
 * the others form a strip. Grid: everyone the same size.
 */
export class Stage {
  readonly node: HTMLElement;
  private readonly main = h('div', { class: 'stage-main' });
  private readonly strip = h('div', { class: 'stage-strip', role: 'list' });
  private readonly audioBox = h('div', { class: 'stage-audio', hidden: true });
  private readonly tiles = new Map<string, Tile>();
  private readonly audios = new Map<string, HTMLAudioElement>();
  private readonly pages: ReturnType<typeof pager>;

  private readonly session: LiveSession;
  constructor(session: LiveSession) {
    this.session = session;
    if (window.matchMedia(PHONE).matches) session.state.pageSize = 4;
    this.pages = pager(session);
    this.node = h('section', { class: 'stage', 'aria-label': t('live.stage') }, this.main, this.strip, this.pages.node, this.audioBox);
  }

  render(): void {
    const s = this.session.state;
    const engine = this.session.engine;
    const wanted: { key: string; build: () => Tile }[] = [];
    // The page shown is the server's last answer; state.page stays the page asked for until the next one comes.
    const plan = planGrid(s);
    const peers = [...plan.pinned, ...plan.page];
    const places = new Map<string, string>([...plan.pinned.map((p) => [`peer:${p.peerId}`, 'pinned'] as const), ...plan.page.map((p) => [`peer:${p.peerId}`, 'page'] as const)]);
    // The active speaker is shown big in the presenter layout even when its page is not the one shown.
    const speaker = s.activeSpeaker ? s.peers.get(s.activeSpeaker) : undefined;
    if (s.layout === 'presenter' && speaker && speaker.state === 'admitted' && speaker.peerId !== s.self?.peerId && !peers.includes(speaker)) peers.push(speaker);

    if (s.self) wanted.push({ key: 'self', build: () => tileFor(this.session, 'self', null) });
    for (const peer of peers) wanted.push({ key: `peer:${peer.peerId}`, build: () => tileFor(this.session, 'peer', peer) });
    if (s.local.screenOn) wanted.push({ key: 'screen:self', build: () => tileFor(this.session, 'ownScreen', null) });
    for (const producer of s.producers.values()) {
      if (producer.source !== 'screen') continue;
      const peer = s.peers.get(producer.peerId) ?? null;
      wanted.push({ key: `screen:${producer.producerId}`, build: () => tileFor(this.session, 'screen', peer, producer.producerId) });
    }

    const keep = new Set(wanted.map((w) => w.key));
    for (const [key, tile] of this.tiles) {
      if (!keep.has(key)) {
        tile.node.remove();
        this.tiles.delete(key);
      }
    }
    const tiles = wanted.map(({ key, build }) => {
      let tile = this.tiles.get(key);
      if (!tile) this.tiles.set(key, (tile = build()));
      tile.update();
      return { key, tile };
    });

    const featured = s.layout === 'presenter' ? this.featuredKey(tiles.map((x) => x.key)) : null;
    this.node.classList.toggle('stage--presenter', featured !== null);
    this.node.classList.toggle('stage--grid', featured === null);
    this.node.classList.toggle('stage--audio-only', s.receiveMode === 'audio-only');
    this.node.dataset['count'] = String(tiles.length);
    // Tiles move only when their place changed: re-appending every tile on each repaint cost the
    // chủ trì's page a tenth of its time while thousands of sites arrived (bench:room K=3,356).
    let place = 0;
    for (const { key, tile } of tiles) {
      if (key === featured) {
        if (tile.node.parentElement !== this.main) this.main.appendChild(tile.node);
      } else {
        if (this.strip.children[place] !== tile.node) this.strip.insertBefore(tile.node, this.strip.children[place] ?? null);
        place++;
      }
      tile.node.classList.toggle('tile--featured', key === featured);
      // Where a site's tile comes from: pinned (chủ trì, floor holder), its page of the grid, or the active speaker.
      if (key.startsWith('peer:')) tile.node.dataset['place'] = places.get(key) ?? 'speaker';
    }
    this.main.hidden = featured === null;

    // Layers: the big tile gets full resolution, small tiles the lowest; few tiles share the middle.
    // A strained link (link-quality.ts nextLayerCap) wants only the lowest layer at a low frame rate.
    const small = featured === null && tiles.length <= 4 ? 1 : 0;
    const strained = this.session.monitor.lowestLayer;
    for (const { key, tile } of tiles) {
      if (!tile.cameraProducerId) continue;
      const layers: [number, number?] = strained ? [0, 1] : [key === featured ? 2 : small];
      void engine?.setPreferredLayers(tile.cameraProducerId, ...layers).catch(() => {});
    }
    this.session.showPage(s.page, s.pageSize, small);
    this.pages.update(plan, plan.pinned.length + plan.page.length + plan.elsewhere);
    this.renderAudio();
  }

  /** The tile shown big in the presenter layout; never our own camera (nobody needs to watch themselves). */
  private featuredKey(keys: string[]): string | null {
    if (keys.length < 2) return null;
    const s = this.session.state;
    const remoteScreen = keys.find((k) => k.startsWith('screen:') && k !== 'screen:self');
    if (remoteScreen) return remoteScreen;
    if (keys.includes('screen:self')) return 'screen:self';
    for (const peerId of [s.floor.holderPeerId, s.activeSpeaker]) {
      if (peerId && keys.includes(`peer:${peerId}`)) return `peer:${peerId}`;
    }
    const chair = [...s.peers.values()].find((p) => p.role === 'chair' && keys.includes(`peer:${p.peerId}`));
    return chair ? `peer:${chair.peerId}` : (keys.find((k) => k !== 'self') ?? null);
  }

  /** One <audio> per remote microphone, outside the tiles. */
  private renderAudio(): void {
    const remotes = (this.session.engine?.remotes() ?? []).filter((r) => r.consumer.kind === 'audio');
    const keep = new Set(remotes.map((r) => r.consumer.id));
    for (const [id, audio] of this.audios) {
      if (keep.has(id)) continue;
      audio.srcObject = null;
      audio.remove();
      this.audios.delete(id);
    }
    for (const remote of remotes) {
      if (this.audios.has(remote.consumer.id)) continue;
      const audio = h('audio', { autoplay: true, 'data-peer': remote.info.peerId });
      audio.srcObject = new MediaStream([remote.consumer.track]);
      this.audioBox.appendChild(audio);
      this.audios.set(remote.consumer.id, audio);
      void audio.play().catch(() => {
        // Autoplay refused (no gesture yet): the page offers a button that calls resumeAudio().
        this.node.dispatchEvent(new CustomEvent('audioblocked', { bubbles: true }));
      });
    }
  }

  resumeAudio(): void {
    for (const audio of this.audios.values()) void audio.play().catch(() => {});
  }

  dispose(): void {
    for (const audio of this.audios.values()) audio.srcObject = null;
    for (const tile of this.tiles.values()) tile.dispose();
    this.audios.clear();
    this.tiles.clear();
  }
}
