import type { types } from 'mediasoup';
import type { BrowserRtpCapabilities } from './browser-rtp.ts';
import type { PooledWorker } from './worker-pool.ts';
import type { MediaSource, ReceiveMode } from './types.ts';

export type Direction = 'send' | 'recv';

export interface ProducerData {
  [key: string]: unknown;
  peerId: string;
  source: MediaSource;
  /** Paused by the chair (a mute or someone else's floor), not by its owner. */
  byChair: boolean;
}

/** What the meeting's rules read of a producer (a mediasoup Producer is one; so is the owner's record of a producer on another node). */
export interface ProducerView {
  readonly id: string;
  readonly kind: types.MediaKind;
  readonly paused: boolean;
  readonly closed: boolean;
  readonly appData: ProducerData;
}

/** What a browser needs to set up a transport (a WebRtcTransport is one). */
export interface TransportAnswer {
  readonly id: string;
  readonly iceParameters: types.IceParameters;
  readonly iceCandidates: types.IceCandidate[];
  readonly dtlsParameters: types.DtlsParameters;
}

/** What a browser needs to receive a consumer (a mediasoup Consumer is one). */
export interface ConsumeAnswer {
  readonly id: string;
  readonly producerId: string;
  readonly kind: types.MediaKind;
  readonly rtpParameters: types.RtpParameters;
  readonly type: types.ConsumerType;
  readonly producerPaused: boolean;
}

export interface MediaPeerEvents {
  /** A consumer closed without the peer asking (its producer closed, its transport went away). */
  consumerClosed(consumerId: string): void;
  /** A producer closed without the peer being closed (closed by the site, or its transport replaced). */
  producerClosed(producerId: string): void;
  /** Its simulcast producer need send spatial layers 0..`spatialLayer` only: the most any consumer receives (layer-demand.ts). */
  encodeLayers(producerId: string, spatialLayer: number): void;
}

/** The producers a site receives now: the rest is paused, and the longest off screen beyond `keep` closed. */
export interface ViewWant {
  video: string[];
  audio: string[];
  keep: { video: number; audio: number };
}

/**
 * One admitted peer's media as signalling uses it: a MediaPeer on this node's workers, or (with
 * several nodes) a RemoteMediaPeer whose MediaPeer is on the node holding the site's socket.
 * Producers, consumers and transports are named by id; their owner is the MediaPeer.
 */
export interface PeerMedia {
  readonly closed: boolean;
  /** The node its media is on; null: this one. */
  readonly node: string | null;
  readonly producers: ReadonlyMap<string, ProducerView>;
  readonly rtpCapabilities: BrowserRtpCapabilities;
  usesWorker(slot: PooledWorker): boolean;
  createTransport(direction: Direction): Promise<TransportAnswer>;
  connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void>;
  restartIce(transportId: string): Promise<types.IceParameters>;
  produce(transportId: string, kind: types.MediaKind, rtpParameters: types.RtpParameters, source: MediaSource, byChair: boolean): Promise<ProducerView>;
  closeProducer(producerId: string): Promise<void>;
  /** True when it was playing and is now paused. */
  pauseProducer(producerId: string, byChair: boolean): Promise<boolean>;
  /** True when it was paused and now plays; `onlyByChair`: only if the chair paused it. */
  resumeProducer(producerId: string, onlyByChair: boolean): Promise<boolean>;
  /** `home`: the node the producer's own media is on (null: this one). */
  consume(producerId: string, rtpCapabilities: types.RtpCapabilities, source: MediaSource, preferredLayers: types.ConsumerLayers | undefined, home: string | null): Promise<ConsumeAnswer>;
  setOffscreen(consumerId: string, offscreen: boolean): Promise<void>;
  acknowledge(consumerId: string): Promise<void>;
  setPreferredLayers(consumerId: string, layers: types.ConsumerLayers): Promise<void>;
  setReceiveMode(mode: ReceiveMode): Promise<void>;
  applyView(want: ViewWant): Promise<void>;
  /**
   * The peer resumed on a new socket of the media's node (a reconnect): what that node tells the
   * site itself (a consumer closed) goes to `socketId` from now. Media on this node has nothing to
   * move: its notices go through the peer's current socket.
   */
  attach(socketId: string): Promise<void>;
  close(): void;
}
