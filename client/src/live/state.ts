import type { AgendaInfo, FloorState, GridPage, MeetingSummary, PeerInfo, PeerRole, ProducerInfo, ReceiveMode, RoomMessage, RosterView, SiteCounts } from './protocol.ts';

/**
 * Everything the live page shows, in one plain object. The session mutates it and then
 * calls `changed(part)`; views re-render the parts they show. Media elements are not in
 * here: tiles look tracks up from the engine by producer id.
 */
export type Phase =
  | 'connecting' // socket + join in flight
  | 'lobby' // waiting for the chair to admit
  | 'live' // in the room
  | 'reconnecting' // link lost, rejoining by itself
  | 'left' // the person left
  | 'ended' // the chair ended the meeting
  | 'removed' // the chair removed this site
  | 'refused'; // not allowed in (not invited, locked, not found)

export interface Self {
  peerId: string;
  siteId: string;
  /** The body this site attends for, as the person's account names it. */
  siteName: string;
  role: PeerRole;
  displayName: string;
  declaredName: string | null;
}

export interface LocalMedia {
  /** The person wants the microphone on (off when they muted, or the chair did). */
  micOn: boolean;
  camOn: boolean;
  screenOn: boolean;
  /** The chair muted us; unmuting needs the floor (or the chair's own unmute). */
  mutedByChair: boolean;
  hasMic: boolean;
  hasCam: boolean;
}

export interface LiveState {
  phase: Phase;
  /** A person-readable reason for refused/removed, or the last failed action. */
  message: string | null;
  meetingId: string;
  meeting: MeetingSummary | null;
  self: Self | null;
  peers: Map<string, PeerInfo>;
  /** 'summary': `peers` holds only the chủ trì and the sites sending media; the counts come in `presence`. */
  roster: RosterView;
  /** The room's counts as the server last sent them (a summary roster's only view of the other sites). */
  presence: SiteCounts | null;
  /** Remote producers by id (ours are in the engine). */
  producers: Map<string, ProducerInfo>;
  floor: FloorState;
  /** Added to the server's floor times to get local time (clock skew, estimated on fresh grants). */
  floorSkewMs: number;
  locked: boolean;
  /** The chair has started the meeting; before that the room is a waiting room (devices tested, nothing counted). */
  started: boolean;
  lobby: PeerInfo[];
  activeSpeaker: string | null;
  receiveMode: ReceiveMode;
  receiveReason: 'manual' | 'auto' | null;
  local: LocalMedia;
  headcount: number | null;
  /**
   * The open roll call: this site's answer (`count`, null until it confirms) and whether the
   * person put the question aside for now. The other sites' answers are on their PeerInfo.
   */
  rollCall: { rollCallId: string; startedAt: string; count: number | null; dismissed: boolean } | null;
  layout: 'grid' | 'presenter';
  /**
   * The page of the grid the person asked for (0-based) and how many sites a page holds: what
   * this site receives video of. The page shown is `grid.page`, the server's answer (it keeps
   * the grid's order and clamps the page to the pages there are).
   */
  page: number;
  pageSize: number;
  /** The last page of the grid the server sent (join, showPage's answer, gridPage); null before. */
  grid: GridPage | null;
  /** The producers the server lets this site receive now (its page, the stage, the voices); the rest is paused or closed. */
  subscription: { video: Set<string>; audio: Set<string> };
  reconnects: number;
  /** The agenda and its open item (records.ts keeps them). */
  agenda: AgendaInfo;
  /** Added to the server's agenda times to get local time (estimated when an item opens while we watch). */
  agendaSkewMs: number;
  /** The text channel as this site may read it, oldest first. */
  messages: RoomMessage[];
}

export type Part = 'phase' | 'peers' | 'producers' | 'floor' | 'lobby' | 'speaker' | 'local' | 'mode' | 'rollCall' | 'layout' | 'message' | 'agenda' | 'messages';

/** Sites per page of the grid a person may choose: 2×2 on a phone up to 5×5 (the server's VIEW_MAX). */
export const PAGE_SIZES = [4, 9, 16, 25] as const;

export const emptyFloor = (): FloorState => ({ holderPeerId: null, holderSiteName: null, grantedAt: null, endsAt: null, queue: [] });

export function initialState(meetingId: string): LiveState {
  return {
    phase: 'connecting',
    message: null,
    meetingId,
    meeting: null,
    self: null,
    peers: new Map(),
    roster: 'full',
    presence: null,
    producers: new Map(),
    floor: emptyFloor(),
    floorSkewMs: 0,
    locked: false,
    started: false,
    lobby: [],
    activeSpeaker: null,
    receiveMode: 'full',
    receiveReason: null,
    local: { micOn: true, camOn: true, screenOn: false, mutedByChair: false, hasMic: false, hasCam: false },
    headcount: null,
    rollCall: null,
    layout: 'presenter',
    page: 0,
    pageSize: PAGE_SIZES[1],
    grid: null,
    subscription: { video: new Set(), audio: new Set() },
    reconnects: 0,
    agenda: { items: [], currentIndex: null, startedAt: null },
    agendaSkewMs: 0,
    messages: [],
  };
}

/** A page in a background tab gets no animation frames: its changes are applied this late at most (its audio must still start). */
const FLUSH_FALLBACK_MS = 100;

/**
 * Minimal change notification: listeners get the set of parts that changed since the last flush.
 * Changes are applied once per animation frame: the chủ trì's page hears of each of hundreds of
 * arriving sites in its own task, and repainting the room for each one made the page janky
 * (issue #13); a frame's worth of arrivals now costs one repaint.
 */
export class Changes {
  private readonly listeners = new Set<(parts: ReadonlySet<Part>) => void>();
  private pending = new Set<Part>();
  private frame: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  on(listener: (parts: ReadonlySet<Part>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  mark(...parts: Part[]): void {
    for (const part of parts) this.pending.add(part);
    if (this.timer !== null) return;
    const flush = () => this.flush();
    if (typeof requestAnimationFrame === 'function') this.frame = requestAnimationFrame(flush);
    this.timer = setTimeout(flush, FLUSH_FALLBACK_MS);
  }

  /** Applies the pending changes now (a view about to move focus needs its parts painted first). */
  flush(): void {
    if (this.timer === null) return;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    const parts = this.pending;
    this.pending = new Set();
    for (const listener of this.listeners) listener(parts);
  }

  clear(): void {
    this.listeners.clear();
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.timer = null;
    this.frame = null;
    this.pending = new Set();
  }
}

export function isChair(state: LiveState): boolean {
  return state.self?.role === 'chair';
}

/** This site as a row of the sites list (the server does not send us our own PeerInfo at join). */
export function selfInfo(state: LiveState): PeerInfo | null {
  const self = state.self;
  if (!self) return null;
  return {
    peerId: self.peerId,
    userId: '',
    siteId: self.siteId,
    siteName: self.siteName,
    displayName: self.displayName,
    declaredName: self.declaredName,
    role: self.role,
    state: 'admitted',
    headcount: state.headcount,
    receiveMode: state.receiveMode,
    connected: state.phase !== 'reconnecting',
    mutedByChair: state.local.mutedByChair,
    rollCall: state.rollCall && state.rollCall.count !== null ? { rollCallId: state.rollCall.rollCallId, count: state.rollCall.count } : null,
  };
}

/**
 * The sites present in the room, this one included: what the sites list shows and what the
 * roll call counts, so the two always agree. A site that rejoined is one row (the server
 * replaced its old peer); one whose link just dropped stays, marked offline, until it is let go.
 */
export function presentSites(state: LiveState): PeerInfo[] {
  const me = selfInfo(state);
  const sites = [...state.peers.values()].filter((p) => p.state === 'admitted' && p.peerId !== me?.peerId);
  if (me) sites.push(me);
  return sites;
}

/** How many sites are in the room and how many people they declared: counted from the roster, or as the server sent them. */
export function siteCounts(state: LiveState): SiteCounts {
  if (state.roster === 'summary' && state.presence) return state.presence;
  const sites = presentSites(state);
  return { sites: sites.length, people: sites.reduce((sum, p) => sum + (p.headcount ?? 0), 0) };
}

/** A site's answer to the roll call now open, if it gave one. */
export function rollCallAnswer(state: LiveState, peer: PeerInfo): number | null {
  const open = state.rollCall;
  return open && peer.rollCall?.rollCallId === open.rollCallId ? peer.rollCall.count : null;
}

/** While someone holds the floor, only they and the chair may speak. */
export function maySpeak(state: LiveState): boolean {
  const holder = state.floor.holderPeerId;
  return !holder || isChair(state) || holder === state.self?.peerId;
}
