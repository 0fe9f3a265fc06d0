import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { BrowserRtpCapabilities } from '../media/browser-rtp.ts';
import type { ConsumeAnswer, Direction, MediaPeerEvents, PeerMedia, ProducerData, TransportAnswer, ViewWant } from '../media/peer-media.ts';
import type { MediaSource, ReceiveMode } from '../media/types.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import type { Nodes } from '../nodes/plugin.ts';

/** What the media's node tells the meeting's owner (media-host.ts sends it). */
export type MediaEvent =
  | { meetingId: string; peerId: string; kind: 'producerClosed'; producerId: string }
  | { meetingId: string; peerId: string; kind: 'speaker'; producerId: string | null; volume?: number | null }
  /** A media worker died there under the meeting: its media there is gone. */
  | { meetingId: string; peerId: string; kind: 'lost' };

export interface RemoteOpen {
  node: string;
  socketId: string;
  meetingId: string;
  peerId: string;
  events: MediaPeerEvents;
  /** The loudest producer the media's node hears in this meeting (null: silence there), with its volume in dBov. */
  speaker(producerId: string | null, volume: number | null): void;
  /** A worker of that node died under the meeting: every peer rejoins, as on a worker death here. */
  lost(): void;
}

/** The owner's record of a producer on another node: what its rules read, kept as its calls change it. */
interface ProducerRecord {
  id: string;
  kind: types.MediaKind;
  paused: boolean;
  closed: boolean;
  appData: ProducerData;
}

const left = () => new Conflict('Bạn đã rời phòng họp. / You have left the meeting room.');

/**
 * The media of peers whose sockets are on other nodes, as their meetings' owner sees it: each
 * a RemoteMediaPeer whose calls run on that node (media-host.ts). A node found dead takes its
 * peers' media with it.
 */
export class RemoteMedia {
  private readonly peers = new Map<string, RemoteMediaPeer>();
  /** How many peers of a meeting each node holds media for (`meetingId:node`). */
  private readonly held = new Map<string, number>();
  private readonly nodes: Nodes;
  private readonly log: FastifyBaseLogger;

  constructor(nodes: Nodes, log: FastifyBaseLogger) {
    this.nodes = nodes;
    this.log = log;
    nodes.link.handle('media.event', async (args) => {
      this.event(args as MediaEvent);
      return null;
    });
    nodes.directory.onDeath((nodeId) => {
      for (const peer of [...this.peers.values()]) if (peer.node === nodeId) this.forget(peer);
    });
  }

  async open(at: RemoteOpen): Promise<PeerMedia> {
    const { rtpCapabilities } = await this.nodes.link.call<{ rtpCapabilities: BrowserRtpCapabilities }>(
      at.node, 'media.open', { meetingId: at.meetingId, peerId: at.peerId, socketId: at.socketId },
    );
    const peer = new RemoteMediaPeer(this, at, rtpCapabilities);
    this.peers.set(key(at.meetingId, at.peerId), peer);
    const where = key(at.meetingId, at.node);
    this.held.set(where, (this.held.get(where) ?? 0) + 1);
    return peer;
  }

  call<T>(at: RemoteOpen, name: string, args: Record<string, unknown>): Promise<T> {
    return this.nodes.link.call<T>(at.node, name, { meetingId: at.meetingId, peerId: at.peerId, ...args });
  }

  /** The peer closed on the owner: its media on the other node closes too (not awaited: nothing waits for it). */
  release(peer: RemoteMediaPeer, at: RemoteOpen): void {
    this.forget(peer);
    this.call(at, 'media.close', {}).catch((err: unknown) => this.log.warn({ err, node: at.node, peerId: at.peerId }, 'could not close a peer\'s media on its node'));
  }

  private forget(peer: RemoteMediaPeer): void {
    const k = key(peer.meetingId, peer.peerId);
    if (this.peers.get(k) !== peer) return;
    this.peers.delete(k);
    peer.lost();
    // Its node's reports of this meeting came through its peers: with the last one gone, that node is silent.
    const where = key(peer.meetingId, peer.node);
    const others = (this.held.get(where) ?? 1) - 1;
    if (others > 0) this.held.set(where, others);
    else {
      this.held.delete(where);
      peer.silence();
    }
  }

  private event(e: MediaEvent): void {
    const peer = this.peers.get(key(e.meetingId, e.peerId));
    if (!peer) return;
    if (e.kind === 'producerClosed') peer.dropProducer(e.producerId);
    else if (e.kind === 'speaker') peer.speaker(e.producerId, e.volume ?? null);
    else peer.workerLost();
  }
}

const key = (meetingId: string, peerId: string) => `${meetingId}:${peerId}`;

/**
 * A peer's media on the node that holds its socket, seen from its meeting's owner: every
 * method is one `media.peer` call there. The owner keeps only what its rules need: the
 * producers (id, kind, source, paused, by whom).
 */
export class RemoteMediaPeer implements PeerMedia {
  readonly producers = new Map<string, ProducerRecord>();
  readonly rtpCapabilities: BrowserRtpCapabilities;
  private closedFlag = false;
  /** The view last applied there: a refresh that changes nothing for this site sends nothing. */
  private viewSent = '';
  private readonly owner: RemoteMedia;
  private readonly at: RemoteOpen;

  constructor(owner: RemoteMedia, at: RemoteOpen, rtpCapabilities: BrowserRtpCapabilities) {
    this.owner = owner;
    this.at = at;
    this.rtpCapabilities = rtpCapabilities;
  }

  get node(): string {
    return this.at.node;
  }

  get meetingId(): string {
    return this.at.meetingId;
  }

  get peerId(): string {
    return this.at.peerId;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  usesWorker(): boolean {
    return false;
  }

  createTransport(direction: Direction): Promise<TransportAnswer> {
    return this.call('createTransport', { direction });
  }

  async connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.call('connectTransport', { transportId, dtlsParameters });
  }

  restartIce(transportId: string): Promise<types.IceParameters> {
    return this.call('restartIce', { transportId });
  }

  async produce(transportId: string, kind: types.MediaKind, rtpParameters: types.RtpParameters, source: MediaSource, byChair: boolean): Promise<ProducerRecord> {
    const made = await this.call<{ id: string; paused: boolean }>('produce', { transportId, kind, rtpParameters, source, byChair });
    const record: ProducerRecord = { id: made.id, kind, paused: made.paused, closed: false, appData: { peerId: this.peerId, source, byChair } };
    if (!this.closedFlag) this.producers.set(record.id, record);
    return record;
  }

  async closeProducer(producerId: string): Promise<void> {
    this.producer(producerId);
    await this.call('closeProducer', { producerId });
    this.dropProducer(producerId);
  }

  async pauseProducer(producerId: string, byChair: boolean): Promise<boolean> {
    const record = this.producer(producerId);
    if (record.paused) return false;
    record.appData.byChair = byChair;
    const changed = await this.call<boolean>('pauseProducer', { producerId, byChair });
    record.paused = true;
    return changed;
  }

  async resumeProducer(producerId: string, onlyByChair: boolean): Promise<boolean> {
    const record = this.producer(producerId);
    if (!record.paused || (onlyByChair && !record.appData.byChair)) return false;
    record.appData.byChair = false;
    const changed = await this.call<boolean>('resumeProducer', { producerId, onlyByChair });
    record.paused = false;
    return changed;
  }

  consume(producerId: string, rtpCapabilities: types.RtpCapabilities, source: MediaSource, preferredLayers: types.ConsumerLayers | undefined, home: string | null): Promise<ConsumeAnswer> {
    return this.call('consume', { producerId, rtpCapabilities, source, preferredLayers, home });
  }

  async setOffscreen(consumerId: string, offscreen: boolean): Promise<void> {
    await this.call('setOffscreen', { consumerId, offscreen });
  }

  async acknowledge(consumerId: string): Promise<void> {
    await this.call('acknowledge', { consumerId });
  }

  async setPreferredLayers(consumerId: string, layers: types.ConsumerLayers): Promise<void> {
    await this.call('setPreferredLayers', { consumerId, layers });
  }

  async setReceiveMode(mode: ReceiveMode): Promise<void> {
    await this.call('setReceiveMode', { mode });
    // Consumers' pauses changed there: the next view is applied again.
    this.viewSent = '';
  }

  async applyView(want: ViewWant): Promise<void> {
    const signature = JSON.stringify(want);
    if (signature === this.viewSent || this.closedFlag) return;
    this.viewSent = signature;
    try {
      await this.call('applyView', { want });
    } catch (err) {
      this.viewSent = '';
      throw err;
    }
  }

  async attach(socketId: string): Promise<void> {
    if (this.closedFlag) throw left();
    await this.owner.call(this.at, 'media.attach', { socketId });
  }

  close(): void {
    if (this.closedFlag) return;
    this.owner.release(this, this.at);
  }

  /** Its node went (or the peer closed): nothing of it is left to call. */
  lost(): void {
    this.closedFlag = true;
    for (const record of this.producers.values()) record.closed = true;
    this.producers.clear();
  }

  /** A producer closed there (or here, by the site): the meeting hears it once. */
  dropProducer(producerId: string): void {
    const record = this.producers.get(producerId);
    if (!record || this.closedFlag) return;
    this.producers.delete(producerId);
    record.closed = true;
    this.at.events.producerClosed(producerId);
  }

  speaker(producerId: string | null, volume: number | null): void {
    if (!this.closedFlag) this.at.speaker(producerId, volume);
  }

  workerLost(): void {
    if (!this.closedFlag) this.at.lost();
  }

  silence(): void {
    this.at.speaker(null, null);
  }

  private producer(producerId: string): ProducerRecord {
    const record = this.producers.get(producerId);
    if (!record) throw new NotFound(`Producer ${producerId}`);
    return record;
  }

  private call<T>(op: string, args: Record<string, unknown>): Promise<T> {
    if (this.closedFlag) return Promise.reject(left());
    return this.owner.call<T>(this.at, 'media.peer', { op, args });
  }
}
