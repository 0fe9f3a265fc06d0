import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import { NotFound, Unavailable } from '../lib/errors.ts';
import type { Nodes } from '../nodes/plugin.ts';
import type { MediaRoom, RoomRouter } from './room.ts';

export interface PipeSettings {
  listenIp: string;
  announcedAddress?: string;
  minPort: number;
  maxPort: number;
}

/** One end of the pipe pair between this node's room of a meeting and another node's. */
interface PipeEnd {
  transport: types.PipeTransport;
  entry: RoomRouter;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
  settled: boolean;
}

/** A producer of another node made consumable here: its pipe producer, and the consumers here that need it. */
interface Incoming {
  made: Promise<{ producer: types.Producer; consumerId: string }>;
  users: number;
}

/** What one room of this node pipes: its pairs by other node, producers piped in, pipe consumers feeding other nodes. */
interface RoomPipes {
  pairs: Map<string, Deferred<PipeEnd>>;
  incoming: Map<string, Incoming>;
  outgoing: Map<string, types.Consumer>;
}

type Call = { meetingId: string };

/**
 * Media between the nodes of one meeting (docs/scaling.md): one PipeTransport pair per meeting
 * and pair of nodes, opened by the node with the smaller id (the other asks it to, so racing
 * consumers on both sides make one pair), on the meeting's first router of each side. A
 * producer crosses on demand: the consuming node asks the producer's node for a pipe consumer
 * (`media.pipeConsume`) and produces it with the same id, so its room treats it as its own; the
 * pipe consumer's pause, resume and close follow it (`media.pipeState`), and when the last
 * consumer of it here closes the pipe producer closes and the producer's node closes its pipe
 * consumer (`media.unpipe`). Everything closes with the room (its routers), and a pair closes
 * when the other node is found dead.
 */
export class NodePipes {
  private readonly rooms = new Map<MediaRoom, RoomPipes>();
  private readonly nodes: Nodes;
  private readonly settings: PipeSettings;
  private readonly roomOf: (meetingId: string) => MediaRoom | null;
  private readonly log: FastifyBaseLogger;

  constructor(opts: { nodes: Nodes; settings: PipeSettings; roomOf: (meetingId: string) => MediaRoom | null; log: FastifyBaseLogger }) {
    this.nodes = opts.nodes;
    this.settings = opts.settings;
    this.roomOf = opts.roomOf;
    this.log = opts.log;
    const { link, directory } = opts.nodes;
    link.handle('media.pipe', (args, from) => this.accept(args as Call & { ip: string; port: number }, from));
    link.handle('media.pipeOpen', async (args, from) => {
      const { room, pipes } = this.existing((args as Call).meetingId);
      // Asked only by a node without a pair: one made before is stale (that node's room was rebuilt).
      const stale = pipes.pairs.get(from);
      if (stale?.settled) {
        pipes.pairs.delete(from);
        void stale.promise.then((end) => end.transport.close(), () => undefined);
      }
      await this.pair((args as Call).meetingId, room, pipes, from);
      return null;
    });
    link.handle('media.pipeConsume', (args, from) => this.pipeConsume(args as Call & { producerId: string }, from));
    link.handle('media.pipeState', async (args) => this.pipeState(args as Call & { producerId: string; state: 'pause' | 'resume' | 'close' }));
    link.handle('media.unpipe', async (args) => {
      const { meetingId, consumerId } = args as Call & { consumerId: string };
      const room = this.roomOf(meetingId);
      if (room) this.rooms.get(room)?.outgoing.get(consumerId)?.close();
      return null;
    });
    link.handle('media.unpair', async (args, from) => {
      const { meetingId, port } = args as Call & { port: number };
      const room = this.roomOf(meetingId);
      const d = room ? this.rooms.get(room)?.pairs.get(from) : undefined;
      // Only the end that was connected to the closed one: a new pair may already have replaced it.
      void d?.promise.then((end) => end.transport.tuple.remotePort === port && end.transport.close(), () => undefined);
      return null;
    });
    directory.onDeath((nodeId) => this.nodeDied(nodeId));
  }

  /** Counts for tests and metrics: this node's pipe transports, pipe producers (in) and pipe consumers (out) of a room. */
  counts(room: MediaRoom): { pairs: number; producers: number; consumers: number } {
    const pipes = this.rooms.get(room);
    return { pairs: pipes?.pairs.size ?? 0, producers: pipes?.incoming.size ?? 0, consumers: pipes?.outgoing.size ?? 0 };
  }

  /** The same counts over every room of this node (metrics). */
  totals(): { pairs: number; producers: number; consumers: number } {
    const n = { pairs: 0, producers: 0, consumers: 0 };
    for (const room of this.rooms.keys()) {
      const c = this.counts(room);
      n.pairs += c.pairs;
      n.producers += c.producers;
      n.consumers += c.consumers;
    }
    return n;
  }

  /**
   * Makes `producerId`, whose media is on node `home`, consumable in `room` (piped in once for
   * all its consumers here). The answer releases it: call it when the consumer closes.
   */
  async fetch(meetingId: string, room: MediaRoom, producerId: string, home: string): Promise<() => void> {
    if (home === this.nodes.self) throw new NotFound(`Producer ${producerId}`);
    const pipes = this.of(room, meetingId);
    let entry = pipes.incoming.get(producerId);
    if (!entry) {
      const made = this.pipeIn(meetingId, room, pipes, producerId, home);
      const created: Incoming = { made, users: 0 };
      entry = created;
      pipes.incoming.set(producerId, created);
      made.catch(() => {
        if (pipes.incoming.get(producerId) === created) pipes.incoming.delete(producerId);
      });
    }
    const used = entry;
    used.users++;
    try {
      await used.made;
    } catch (err) {
      used.users--;
      throw err;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--used.users > 0) return;
      if (pipes.incoming.get(producerId) === used) pipes.incoming.delete(producerId);
      void used.made.then(({ producer }) => producer.close(), () => undefined);
    };
  }

  private async pipeIn(meetingId: string, room: MediaRoom, pipes: RoomPipes, producerId: string, home: string) {
    const end = await this.pair(meetingId, room, pipes, home);
    const answer = await this.nodes.link.call<{ consumerId: string; kind: types.MediaKind; rtpParameters: types.RtpParameters; paused: boolean }>(
      home, 'media.pipeConsume', { meetingId, producerId },
    );
    let producer: types.Producer;
    try {
      producer = await end.transport.produce({ id: producerId, kind: answer.kind, rtpParameters: answer.rtpParameters, paused: answer.paused });
    } catch (err) {
      this.tell(home, 'media.unpipe', { meetingId, consumerId: answer.consumerId });
      throw err;
    }
    room.addProducer(producer, end.entry);
    producer.observer.once('close', () => {
      const entry = pipes.incoming.get(producerId);
      void entry?.made.then((m) => m.producer === producer && pipes.incoming.get(producerId) === entry && pipes.incoming.delete(producerId), () => undefined);
      if (!end.transport.closed) this.tell(home, 'media.unpipe', { meetingId, consumerId: answer.consumerId });
    });
    return { producer, consumerId: answer.consumerId };
  }

  /** The producer's side: a pipe consumer toward the asking node, its producer's state followed there. */
  private async pipeConsume(a: Call & { producerId: string }, from: string) {
    const { room, pipes } = this.existing(a.meetingId);
    if (!room.hasProducer(a.producerId)) throw new NotFound(`Producer ${a.producerId}`);
    const end = await this.pair(a.meetingId, room, pipes, from);
    await room.ensureOn(a.producerId, end.entry);
    const consumer = await end.transport.consume({ producerId: a.producerId });
    pipes.outgoing.set(consumer.id, consumer);
    consumer.observer.once('close', () => pipes.outgoing.delete(consumer.id));
    // Who watches it there, and how large, is not known here: its sender keeps every layer while it is piped.
    room.layers.addConsumer(consumer, () => Number.MAX_SAFE_INTEGER);
    const state = (s: 'pause' | 'resume' | 'close') => this.tell(from, 'media.pipeState', { meetingId: a.meetingId, producerId: a.producerId, state: s });
    consumer.on('producerpause', () => state('pause'));
    consumer.on('producerresume', () => state('resume'));
    consumer.on('producerclose', () => state('close'));
    return { consumerId: consumer.id, kind: consumer.kind, rtpParameters: consumer.rtpParameters, paused: consumer.producerPaused };
  }

  private async pipeState(a: Call & { producerId: string; state: 'pause' | 'resume' | 'close' }): Promise<null> {
    const room = this.roomOf(a.meetingId);
    const entry = room ? this.rooms.get(room)?.incoming.get(a.producerId) : undefined;
    if (!entry) return null;
    const { producer } = await entry.made;
    if (a.state === 'close') producer.close();
    else if (a.state === 'pause') await producer.pause();
    else await producer.resume();
    return null;
  }

  /** The pair with `other` in this room: made once, by the node with the smaller id. */
  private pair(meetingId: string, room: MediaRoom, pipes: RoomPipes, other: string): Promise<PipeEnd> {
    const known = pipes.pairs.get(other);
    if (known) return known.promise;
    const d = deferred<PipeEnd>();
    pipes.pairs.set(other, d);
    const open = async () => {
      if (this.nodes.self < other) {
        const end = await this.pipeEnd(room, pipes, other);
        try {
          const far = await this.nodes.link.call<{ ip: string; port: number }>(other, 'media.pipe', { meetingId, ...this.tupleOf(end) });
          await end.transport.connect({ ip: far.ip, port: far.port });
        } catch (err) {
          end.transport.close();
          throw err;
        }
        d.resolve(end);
      } else {
        // The other node opens it: its `media.pipe` call here settles `d` before this call returns.
        await this.nodes.link.call(other, 'media.pipeOpen', { meetingId });
        if (!d.settled) throw new Unavailable(`No media pipe from ${other}`);
      }
    };
    open().catch((err: unknown) => {
      if (pipes.pairs.get(other) === d) pipes.pairs.delete(other);
      d.reject(err);
    });
    return d.promise;
  }

  /** The smaller node opens the pair: this end connects to it and answers where to send. */
  private async accept(a: Call & { ip: string; port: number }, from: string): Promise<{ ip: string; port: number }> {
    const { room, pipes } = this.existing(a.meetingId);
    let d = pipes.pairs.get(from);
    if (d?.settled) {
      // The other node made a new pair (its room was rebuilt): the old one goes.
      void d.promise.then((end) => end.transport.close(), () => undefined);
      d = undefined;
    }
    if (!d) {
      d = deferred<PipeEnd>();
      pipes.pairs.set(from, d);
    }
    const end = await this.pipeEnd(room, pipes, from);
    await end.transport.connect({ ip: a.ip, port: a.port });
    d.resolve(end);
    return this.tupleOf(end);
  }

  private async pipeEnd(room: MediaRoom, pipes: RoomPipes, other: string): Promise<PipeEnd> {
    const entry = room.routers[0];
    if (!entry) throw new Unavailable('Phòng họp đang khởi động lại phần media. / The media room is restarting.');
    const { listenIp, announcedAddress, minPort, maxPort } = this.settings;
    const transport = await entry.router.createPipeTransport({
      listenInfo: { protocol: 'udp', ip: listenIp, ...(announcedAddress ? { announcedAddress } : {}), portRange: { min: minPort, max: maxPort } },
      enableRtx: true,
    });
    transport.observer.once('close', () => {
      const d = pipes.pairs.get(other);
      if (d) void d.promise.then((end) => end.transport === transport && pipes.pairs.get(other) === d && pipes.pairs.delete(other), () => undefined);
    });
    return { transport, entry };
  }

  private tupleOf(end: PipeEnd): { ip: string; port: number } {
    return { ip: end.transport.tuple.localAddress, port: end.transport.tuple.localPort };
  }

  private of(room: MediaRoom, meetingId: string): RoomPipes {
    let pipes = this.rooms.get(room);
    if (!pipes) {
      const made: RoomPipes = { pairs: new Map(), incoming: new Map(), outgoing: new Map() };
      pipes = made;
      this.rooms.set(room, made);
      // Its routers took its pipe ends: the other nodes close theirs.
      room.onClose(() => {
        this.rooms.delete(room);
        for (const [other, d] of made.pairs) {
          void d.promise.then((end) => this.tell(other, 'media.unpair', { meetingId, port: end.transport.tuple.localPort }), () => undefined);
        }
      });
    }
    return pipes;
  }

  private existing(meetingId: string): { room: MediaRoom; pipes: RoomPipes } {
    const room = this.roomOf(meetingId);
    if (!room || room.closed) throw new NotFound(`Media room of meeting ${meetingId}`);
    return { room, pipes: this.of(room, meetingId) };
  }

  private nodeDied(nodeId: string): void {
    for (const pipes of this.rooms.values()) {
      const d = pipes.pairs.get(nodeId);
      pipes.pairs.delete(nodeId);
      void d?.promise.then((end) => end.transport.close(), () => undefined);
    }
  }

  private tell(node: string, name: string, args: Record<string, unknown>): void {
    this.nodes.link.call(node, name, args).catch((err: unknown) => this.log.warn({ err, node, name }, 'media pipe: a call to another node failed'));
  }
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void, reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  const d: Deferred<T> = {
    promise, settled: false,
    resolve: (value) => {
      d.settled = true;
      resolve(value);
    },
    reject: (err) => {
      d.settled = true;
      reject(err);
    },
  };
  return d;
}
