import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { types } from 'mediasoup';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sampleMeetings, type MeetingMediaPeers, type MeetingSample } from './media-stats.ts';

/** What a scrape reads of the app: the database, socket.io, the live registry, the media pool, and the media hosted and piped for other nodes. */
type Host = Pick<FastifyInstance, 'db' | 'dbKind' | 'io' | 'live' | 'media' | 'mediaHost' | 'mediaPipes'>;

/**
 * The media on this node's workers, by meeting: the sites' of the meetings it owns, and (several
 * nodes, NODE_MEDIA=site) the media it hosts for its sites in meetings other nodes own.
 */
function mediaHere(app: Host): MeetingMediaPeers[] {
  const owned = app.live.all().map((live) => ({ meetingId: live.id, media: [...live.peers.values()].flatMap((p) => (p.localMedia ? [p.localMedia] : [])) }));
  return [...owned, ...(app.mediaHost?.hosted() ?? [])];
}

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
}

/**
 * The Prometheus metrics of one app (a registry of its own: tests run several apps in one
 * process). Gauges are read when scraped, so nothing polls between scrapes.
 */
export function createMetrics(app: Host): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hopso_' });

  const httpDuration = new Histogram({
    name: 'hopso_http_request_duration_seconds', help: 'HTTP answers by route pattern (not the raw URL), method and status',
    labelNames: ['method', 'route', 'status_code'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
  });

  new Gauge({ name: 'hopso_sockets_connected', help: 'socket.io connections open', registers: [registry], collect() {
    this.set(app.io.engine.clientsCount);
  } });
  new Gauge({ name: 'hopso_live_meetings', help: 'Meetings with a live room open on this server', registers: [registry], collect() {
    this.set(app.live.size);
  } });
  new Gauge({ name: 'hopso_live_sites', help: 'Sites in live rooms, by state (lobby or admitted)', labelNames: ['state'] as const, registers: [registry], collect() {
    const by = new Map<string, number>([['lobby', 0], ['admitted', 0]]);
    for (const live of app.live.all()) for (const peer of live.peers.values()) by.set(peer.state, (by.get(peer.state) ?? 0) + 1);
    for (const [state, n] of by) this.set({ state }, n);
  } });
  new Gauge({ name: 'hopso_media_objects', help: 'mediasoup transports, producers and consumers of live sites on this node\'s workers (with several nodes: also those of its sites in meetings other nodes own)', labelNames: ['kind'] as const, registers: [registry], collect() {
    const n = { transports: 0, producers: 0, consumers: 0 };
    // A site's media is counted where it is: on its own node (NODE_MEDIA=site), not by its meeting's owner.
    for (const { media } of mediaHere(app)) for (const m of media) {
      const counts = m.counts();
      n.transports += counts.transports;
      n.producers += counts.producers;
      n.consumers += counts.consumers;
    }
    for (const [kind, value] of Object.entries(n)) this.set({ kind }, value);
  } });
  new Gauge({ name: 'hopso_media_pipes', help: 'Media pipes to other nodes (NODE_MEDIA=site): PipeTransports, other nodes\' producers piped in, this node\'s producers piped out', labelNames: ['kind'] as const, registers: [registry], collect() {
    const n = app.mediaPipes?.totals() ?? { pairs: 0, producers: 0, consumers: 0 };
    this.set({ kind: 'transports' }, n.pairs);
    this.set({ kind: 'producers_in' }, n.producers);
    this.set({ kind: 'consumers_out' }, n.consumers);
  } });

  // One getResourceUsage per worker and scrape serves both worker metrics (each reads it when serialised).
  let usage: { at: number; rows: Promise<{ worker: string; usage: types.WorkerResourceUsage }[]> } | null = null;
  const workerUsage = () => {
    if (!usage || Date.now() - usage.at > 1000) {
      usage = { at: Date.now(), rows: Promise.all((app.media?.workers ?? []).filter((s) => !s.worker.closed).map(async (slot) => ({ worker: String(slot.index), usage: await slot.worker.getResourceUsage().catch(() => null) })))
        .then((rows) => rows.flatMap((r) => (r.usage ? [{ worker: r.worker, usage: r.usage }] : []))) };
    }
    return usage.rows;
  };
  new Counter({ name: 'hopso_media_worker_cpu_seconds_total', help: 'CPU time of each mediasoup worker', labelNames: ['worker', 'mode'] as const, registers: [registry], async collect() {
    this.reset();
    for (const { worker, usage: u } of await workerUsage()) {
      this.inc({ worker, mode: 'user' }, u.ru_utime / 1000);
      this.inc({ worker, mode: 'system' }, u.ru_stime / 1000);
    }
  } });
  new Gauge({ name: 'hopso_media_worker_max_rss_bytes', help: 'Largest resident memory of each mediasoup worker', labelNames: ['worker'] as const, registers: [registry], async collect() {
    this.reset();
    for (const { worker, usage: u } of await workerUsage()) this.set({ worker }, u.ru_maxrss * 1024);
  } });

  // One bounded sample of the meetings' media stats per scrape serves the three meeting metrics.
  let samples: { at: number; rows: Promise<MeetingSample[]> } | null = null;
  const meetingSamples = () => {
    if (!samples || Date.now() - samples.at > 1000) samples = { at: Date.now(), rows: sampleMeetings(mediaHere(app)) };
    return samples.rows;
  };
  new Gauge({ name: 'hopso_meeting_bitrate_bps', help: 'Media bitrate of a live meeting at the server, by direction (in: from its sites)', labelNames: ['meeting', 'direction'] as const, registers: [registry], async collect() {
    this.reset();
    for (const s of await meetingSamples()) {
      this.set({ meeting: s.meetingId, direction: 'in' }, s.recvBitrate);
      this.set({ meeting: s.meetingId, direction: 'out' }, s.sendBitrate);
    }
  } });
  new Gauge({ name: 'hopso_meeting_packets', help: 'RTP packets received from a meeting\'s sites, and lost on the way (producers open now)', labelNames: ['meeting', 'outcome'] as const, registers: [registry], async collect() {
    this.reset();
    for (const s of await meetingSamples()) {
      this.set({ meeting: s.meetingId, outcome: 'received' }, s.packets);
      this.set({ meeting: s.meetingId, outcome: 'lost' }, s.packetsLost);
    }
  } });
  new Gauge({ name: 'hopso_meeting_loss_fraction', help: 'Mean fraction of packets lost in the last report, over a meeting\'s incoming streams', labelNames: ['meeting'] as const, registers: [registry], async collect() {
    this.reset();
    for (const s of await meetingSamples()) this.set({ meeting: s.meetingId }, s.lossFraction);
  } });

  new Gauge({ name: 'hopso_db_connections', help: 'Database connections of this server, by state (active: a query in flight)', labelNames: ['state'] as const, registers: [registry], async collect() {
    this.reset();
    if (app.dbKind === 'pglite') {
      // The embedded database is one in-process connection.
      this.set({ state: 'idle' }, 1);
      return;
    }
    // postgres.js answers with the rows themselves.
    const rows: unknown = await app.db.execute(sql`
      select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'hopso' and pid <> pg_backend_pid() group by 1`);
    for (const row of rows as { state: string; n: number }[]) this.set({ state: row.state }, row.n);
  } });

  return { registry, httpDuration };
}
