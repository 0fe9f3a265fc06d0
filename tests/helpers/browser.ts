import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from 'playwright-core';
import type { InboundStat, OutboundStat, TransportPath } from '../../client/src/live/test-hook.ts';
import { users } from '../../server/auth/schema.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { agendaItems, meetings } from '../../server/meetings/schema.ts';
import { bodies } from '../../server/units/schema.ts';
import { eventually } from './wait.ts';

/**
 * The system Chromium, headless, with fake camera and microphone so media tests run
 * without devices or permission prompts. Override the binary with CHROMIUM_PATH.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export interface BrowserOptions extends LaunchOptions {
  /**
   * A WAV file (16-bit PCM) the fake microphone plays in a loop instead of its default
   * once-a-second beep, which is too brief to count as speech (see tests/helpers/wav.ts).
   */
  fakeAudioFile?: string;
}

export async function launchBrowser({ fakeAudioFile, ...options }: BrowserOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    ...options,
    args: [...CHROMIUM_ARGS, ...(fakeAudioFile ? [`--use-file-for-fake-audio-capture=${fakeAudioFile}`] : []), ...(options.args ?? [])],
  });
  failOnCspViolations(browser);
  return browser;
}

/**
 * Every browser test doubles as a check of the server's Content-Security-Policy: Chromium
 * logs each violation to the console, and closing the browser fails if any was logged.
 */
function failOnCspViolations(browser: Browser): void {
  const violations: string[] = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
    });
    return context;
  };
  const close = browser.close.bind(browser);
  browser.close = async (...args) => {
    await close(...args);
    if (violations.length > 0) throw new Error(`CSP violations in the browser:\n${violations.join('\n')}`);
  };
}

/** Signs a browser context in through the API: its pages then carry the session cookie. */
export async function signInContext(context: BrowserContext, baseUrl: string, username: string, password = 'hopso-demo') {
  const res = await context.request.post(`${baseUrl}/api/auth/login`, { data: { username, password } });
  if (!res.ok()) throw new Error(`login ${username} failed: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { user: { id: string; fullName: string; body: { id: string; name: string } }; csrfToken: string };
}

/**
 * A meeting ready for the live room, written straight to the database (the live tests need
 * a meeting and its invitees, not the meetings pages): convened by 42:vp_ubnd with
 * `chair` as chủ trì, `invited` usernames' bodies as invitees, status "invited".
 */
export async function createLiveMeeting(
  app: Pick<FastifyInstance, 'db'>,
  opts: { title: string; chair: string; invited: string[]; startsAt: Date; agenda?: { title: string; presenter?: string; plannedMinutes?: number }[] },
): Promise<{ id: string; sites: Record<string, { bodyId: string; bodyName: string }> }> {
  const people = await app.db
    .select({ id: users.id, username: users.username, fullName: users.fullName, bodyId: bodies.id, bodyName: bodies.name, unitCode: bodies.unitCode })
    .from(users)
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(inArray(users.username, [opts.chair, ...opts.invited]));
  const find = (username: string) => {
    const person = people.find((p) => p.username === username);
    if (!person) throw new Error(`no demo account ${username}`);
    return person;
  };
  const chair = find(opts.chair);
  const [meeting] = await app.db
    .insert(meetings)
    .values({
      convenerBodyId: chair.bodyId,
      unitCode: chair.unitCode,
      kind: 'giao_ban',
      form: 'truc_tuyen',
      title: opts.title,
      chairName: chair.fullName,
      chairUserId: chair.id,
      startsAt: opts.startsAt,
      endsAt: new Date(opts.startsAt.getTime() + 2 * 3600_000),
      status: 'invited',
    })
    .returning({ id: meetings.id });
  if (!meeting) throw new Error('meeting insert returned nothing');
  if (opts.agenda?.length) {
    await app.db.insert(agendaItems).values(opts.agenda.map((item, i) => ({ meetingId: meeting.id, position: i + 1, ...item })));
  }
  const sites: Record<string, { bodyId: string; bodyName: string }> = {};
  for (const username of opts.invited) {
    const person = find(username);
    sites[username] = { bodyId: person.bodyId, bodyName: person.bodyName };
    await app.db.insert(meetingInvitees).values({ meetingId: meeting.id, bodyId: person.bodyId, unitCode: person.unitCode, bodyName: person.bodyName, rsvp: 'accepted' });
  }
  return { id: meeting.id, sites };
}

/** The parts of `window.__hopso.state()` the tests read. */
export interface LiveSnapshot {
  phase: string;
  message: string | null;
  self: { peerId: string; siteId: string; role: string } | null;
  peers: { peerId: string; siteId: string; siteName: string; receiveMode: string; mutedByChair?: boolean; headcount?: number | null }[];
  producers: { producerId: string; peerId: string; source: string; paused: boolean }[];
  /** `maxSpatialLayer`: the highest simulcast layer the page encodes now (the server's `encodeLayers`), null when all. */
  ownProducers: { source: string; producerId: string; paused: boolean; maxSpatialLayer: number | null }[];
  floor: { holderPeerId: string | null; endsAt: string | null; queue: { peerId: string }[] };
  lobby: { peerId: string }[];
  /** The chair has started the meeting (before: a waiting room). */
  started: boolean;
  activeSpeaker: string | null;
  /** The grid page asked for (0-based), its size, the page the server last sent, and the producers the server lets this site receive. */
  page: number;
  pageSize: number;
  grid: { page: number; pageSize: number; sites: number; peerIds: string[] } | null;
  subscription: { video: string[]; audio: string[] };
  receiveMode: string;
  local: { micOn: boolean; camOn: boolean; screenOn: boolean; mutedByChair: boolean };
  reconnects: number;
  siteSessionId: string;
  /** The automatic audio-only rule's last sample of the receive link (link-quality.ts). */
  linkSample: { atMs: number; lossFraction: number | null; rttMs: number | null } | null;
}

/** Drives the live meeting page of one browser page through its UI and reads it through `window.__hopso`. */
/** What a suite keeps of the pages it opens: their contexts (to close) and their page errors. */
export interface OpenedPages {
  contexts: BrowserContext[];
  errors: string[];
}

/** A signed-in live page at a desk (1366×768) or on a phone (412×915 with mobile emulation). */
export async function openLivePage(browser: Browser, baseUrl: string, username: string, phone: boolean, opened: OpenedPages): Promise<LivePage> {
  const context = await browser.newContext(phone
    ? { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
    : { viewport: { width: 1366, height: 768 } });
  opened.contexts.push(context);
  await signInContext(context, baseUrl, username);
  const page = await context.newPage();
  page.on('pageerror', (err) => opened.errors.push(`${username}: ${err.message}`));
  return new LivePage(page, baseUrl);
}

export class LivePage {
  readonly page: Page;
  private readonly baseUrl: string;
  constructor(
    page: Page,
    baseUrl: string,
  ) {
    this.page = page;
    this.baseUrl = baseUrl;
  }

  /** Opens the room, waits for the devices, optionally declares a headcount, and joins. */
  async join(meetingId: string, opts: { headcount?: number } = {}): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/live/${meetingId}`);
    const join = this.page.getByRole('button', { name: 'Vào phòng họp' });
    await join.waitFor();
    await eventually(() => join.isEnabled(), 20_000, 'devices opened');
    if (opts.headcount !== undefined) await this.page.getByLabel('Số người dự tại điểm cầu').fill(String(opts.headcount));
    await join.click();
  }

  state(): Promise<LiveSnapshot | null> {
    return this.page.evaluate<LiveSnapshot | null>('window.__hopso ? window.__hopso.state() : null');
  }

  stats(): Promise<InboundStat[]> {
    return this.page.evaluate<InboundStat[]>('window.__hopso ? window.__hopso.stats() : []');
  }

  /** What the page sends, per encoding (a simulcast layer of its camera, its microphone). */
  outbound(): Promise<OutboundStat[]> {
    return this.page.evaluate<OutboundStat[]>('window.__hopso ? window.__hopso.outbound() : []');
  }

  /** The selected ICE path of the page's send and recv transports. */
  paths(): Promise<TransportPath[]> {
    return this.page.evaluate<TransportPath[]>('window.__hopso ? window.__hopso.paths() : []');
  }

  async waitForPhase(phase: string, timeoutMs = 30_000): Promise<LiveSnapshot> {
    return eventually(async () => {
      const state = await this.state();
      return state?.phase === phase ? state : null;
    }, timeoutMs, `phase ${phase}`);
  }

  /**
   * Waits until the inbound `source` stream from `peerId` has decoded no new frame for `quietMs`:
   * the frames in flight when it was paused have arrived.
   */
  async framesStopped(peerId: string, source: string, quietMs = 500, timeoutMs = 10_000): Promise<void> {
    let since = { frames: -1, at: Date.now() };
    await eventually(async () => {
      const frames = (await this.stats()).find((s) => s.peerId === peerId && s.source === source)?.framesDecoded ?? 0;
      if (frames !== since.frames) since = { frames, at: Date.now() };
      return Date.now() - since.at >= quietMs;
    }, timeoutMs, `${source} frames from ${peerId} to stop`);
  }

  /**
   * How much the inbound streams from `peerId` grew over `ms`: bytes and decoded frames per
   * source. Waits first until streams of every wanted source exist. The fixed window is the
   * measurement itself (a rate; "no frame arrived" needs a span of time), not a wait.
   */
  async growth(peerId: string, sources: string[], ms = 3_000): Promise<Record<string, { bytes: number; frames: number }>> {
    const pick = (stats: InboundStat[]) => stats.filter((s) => s.peerId === peerId && sources.includes(s.source));
    const before = await eventually(async () => {
      const found = pick(await this.stats());
      return sources.every((source) => found.some((s) => s.source === source)) ? found : null;
    }, 30_000, `inbound ${sources.join('+')} from ${peerId}`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = pick(await this.stats());
    const out: Record<string, { bytes: number; frames: number }> = {};
    for (const source of sources) {
      const a = before.find((s) => s.source === source);
      const b = after.find((s) => s.source === source);
      out[source] = { bytes: (b?.bytesReceived ?? 0) - (a?.bytesReceived ?? 0), frames: (b?.framesDecoded ?? 0) - (a?.framesDecoded ?? 0) };
    }
    return out;
  }
}
