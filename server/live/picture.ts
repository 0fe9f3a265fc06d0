import type { LivePeer } from './peer.ts';

/**
 * What one site receives at most, whatever it asks (issue #13, "receive only what you see").
 * A formal meeting has a shape: the chủ trì and the site holding the floor speak, the others
 * listen, and sites are shown as a grid of pages. So a site receives the video of its page
 * of the grid and of the stage, and the microphones of the few who may speak.
 */
export const RECEIVE_LIMITS = {
  /** The grid page of a site that has not asked for one yet: the first 9 sites of the grid. */
  defaultView: 9,
  /** Cameras on the stage without asking: the floor holder, the active speaker, the chủ trì. */
  stage: 3,
  /** Chairs counted for the stage and the microphones (a meeting may have a chủ trì and a deputy). */
  chairs: 2,
  screens: 2,
  /** Microphones: the chủ trì, the floor holder and the last speakers of an open discussion. */
  audio: 6,
  lastSpeakers: 3,
} as const;

/** A site's page of the grid: the one it asked for (showPage) and the sites the server put on it. */
export interface View {
  page: number;
  size: number;
  gridLayer: number;
  peerIds: string[];
}

/** The meeting as every site's subscription sees it, computed once per change. */
export interface Picture {
  byId: Map<string, LivePeer>;
  order: LivePeer[];
  camera: Map<LivePeer, string>;
  mic: Map<LivePeer, string>;
  screens: { peer: LivePeer; producerId: string }[];
  /** In priority order, one more than fits (a site never receives itself). */
  stage: LivePeer[];
  /** Of the stage, those on it for speaking (the floor holder, the active speaker); the rest are there as chairs. */
  lead: Set<LivePeer>;
  voices: LivePeer[];
}

export interface Wanted {
  video: Map<string, 'stage' | 'grid'>;
  audio: Set<string>;
}

export interface Speakers {
  floorHolder: LivePeer | null;
  /** The active speaker's peer id. */
  speaker: string | null;
  /** Who spoke last, most recent first. */
  recent: string[];
}

/** The admitted sites (in join order) and their producers, as the subscriptions see them. */
export function takePicture(order: LivePeer[], speakers: Speakers): Picture {
  const byId = new Map<string, LivePeer>(order.map((p) => [p.peerId, p]));
  const camera = new Map<LivePeer, string>();
  const mic = new Map<LivePeer, string>();
  const screens: Picture['screens'] = [];
  for (const peer of order) {
    for (const producer of peer.media?.producers.values() ?? []) {
      if (producer.closed) continue;
      const source = producer.appData.source;
      // A camera its site has turned off sends nothing: no site is given it until it is back on.
      if (source === 'camera') {
        if (!producer.paused) camera.set(peer, producer.id);
      } else if (source === 'mic') mic.set(peer, producer.id);
      else screens.push({ peer, producerId: producer.id });
    }
  }
  const chairs = order.filter((p) => p.role === 'chair').slice(0, RECEIVE_LIMITS.chairs + 1);
  const speaker = speakers.speaker ? (byId.get(speakers.speaker) ?? null) : null;
  const recent = speakers.recent.map((id) => byId.get(id));
  const lead = unique([speakers.floorHolder, speaker]);
  return {
    byId, order, camera, mic, screens, lead: new Set(lead),
    stage: unique([...lead, ...chairs]),
    voices: unique([...chairs, speakers.floorHolder, ...recent]),
  };
}

/** What `peer` may consume in `picture`, its grid page being `view`. */
export function wanted(peer: LivePeer, picture: Picture, view: View | undefined): Wanted {
  const video = new Map<string, 'stage' | 'grid'>();
  const audio = new Set<string>();
  // A page pins as many chairs as RECEIVE_LIMITS.chairs, itself not counted (client/src/live/grid.ts): a chair beyond them is not shown, so not sent.
  let chairs = 0;
  for (const p of picture.stage) {
    if (p === peer) continue;
    if (!picture.lead.has(p) && chairs++ >= RECEIVE_LIMITS.chairs) continue;
    const camera = picture.camera.get(p);
    if (!camera) continue;
    if (video.size >= RECEIVE_LIMITS.stage) break;
    video.set(camera, 'stage');
  }
  let screens = 0;
  for (const s of picture.screens) {
    if (s.peer === peer) continue;
    if (screens++ >= RECEIVE_LIMITS.screens) break;
    video.set(s.producerId, 'stage');
  }
  for (const p of view?.peerIds.map((id) => picture.byId.get(id)) ?? []) {
    const camera = p && p !== peer ? picture.camera.get(p) : undefined;
    if (camera && !video.has(camera)) video.set(camera, 'grid');
  }
  // A small meeting hears everyone: its microphones fit in the slots the large one keeps for those who may speak.
  const others = picture.mic.size - (picture.mic.has(peer) ? 1 : 0);
  const voices = others <= RECEIVE_LIMITS.audio ? picture.mic.keys() : picture.voices;
  for (const p of voices) {
    const mic = picture.mic.get(p);
    if (p === peer || !mic) continue;
    if (audio.size >= RECEIVE_LIMITS.audio) break;
    audio.add(mic);
  }
  return { video, audio };
}

/**
 * Everything of the picture that any site's subscription depends on besides its own grid page:
 * the stage, the screens and the voices (every microphone while few). Equal shared parts and an
 * unchanged camera of every site on a page mean an unchanged subscription: one arrival costs
 * its own site and the viewers of the pages it moved, not all K.
 */
export function sharedPart(picture: Picture): string {
  const cam = (p: LivePeer) => `${p.peerId}=${picture.camera.get(p) ?? ''}`;
  const voice = (p: LivePeer) => `${p.peerId}=${picture.mic.get(p) ?? ''}`;
  const fewMics = picture.mic.size <= RECEIVE_LIMITS.audio + 1;
  return [
    picture.stage.map(cam).join(),
    [...picture.lead].map((p) => p.peerId).join(),
    picture.screens.slice(0, RECEIVE_LIMITS.screens + 1).map((s) => `${s.peer.peerId}=${s.producerId}`).join(),
    picture.voices.map(voice).join(),
    fewMics ? [...picture.mic.keys()].map(voice).join() : `${picture.mic.size}`,
  ].join('|');
}

/** The peer ids whose camera differs between two pictures (came, went, or changed producer). */
export function changedCameras(before: Picture, after: Picture): string[] {
  const changed: string[] = [];
  const ids = (p: Picture) => new Map([...p.camera].map(([peer, producerId]) => [peer.peerId, producerId]));
  const was = ids(before), is = ids(after);
  for (const [id, producerId] of is) if (was.get(id) !== producerId) changed.push(id);
  for (const id of was.keys()) if (!is.has(id)) changed.push(id);
  return changed;
}

/**
 * The sites any site may see or hear without their being on its page: the stage, the screen
 * sharers and the voices (every microphone while few). Every site must know them (their names,
 * their producers): they are featured from then on (live-meeting.ts `feature`).
 */
export function offPage(picture: Picture): LivePeer[] {
  const fewMics = picture.mic.size <= RECEIVE_LIMITS.audio + 1;
  return unique([
    ...picture.stage, ...picture.screens.slice(0, RECEIVE_LIMITS.screens + 1).map((s) => s.peer),
    ...(fewMics ? picture.mic.keys() : picture.voices),
  ]);
}

function unique(peers: (LivePeer | null | undefined)[]): LivePeer[] {
  return [...new Set(peers.filter((p): p is LivePeer => !!p && !p.closed))];
}
