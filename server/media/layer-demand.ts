import type { types } from 'mediasoup';

/**
 * How long a simulcast layer nobody receives any more keeps being asked of its sender: the
 * stage moves with the floor and the active speaker, and a speaker who comes back within this
 * time finds the sharp layer still running (turning a layer on costs a key frame and the
 * encoder's ramp; turning it off costs nothing).
 */
export const LOWER_AFTER_MS = 8_000;

/** What one consumer wants of its producer's layers: the highest spatial layer, or -1 for none (paused, off screen). */
export type Want = () => number;

interface Demand {
  /** The producer's highest spatial layer (its encodings less one). */
  top: number;
  /** The highest layer its site was last told to send. */
  told: number;
  wants: Map<string, Want>;
  lowering: NodeJS.Timeout | null;
  tell: (spatialLayer: number) => void;
}

/**
 * Which simulcast layers each site's camera and screen need to send: the highest any consumer
 * of this node's room receives, never below the lowest (a new viewer starts there at once).
 * A commune's camera shown only as a small tile on the others' grids then sends its lowest
 * layer (≈ 150 kbit/s) instead of all three (≈ 1.85 Mbit/s), which spares its uplink — often
 * the thinnest part of the path — and its office PC's encoder; it sends the sharp layers again
 * as soon as someone shows it large (the floor, the active speaker). Raising is told at once,
 * lowering after LOWER_AFTER_MS. Its site applies it (client/src/live/media.ts, `encodeLayers`).
 *
 * Consumers on another router of the room consume the producer's pipe (same id) and count
 * here; a pipe to another node counts as wanting every layer (its viewers are not known here).
 */
export class LayerDemand {
  private readonly producers = new Map<string, Demand>();

  private readonly holdMs: number;
  constructor(holdMs = LOWER_AFTER_MS) {
    this.holdMs = holdMs;
  }

  /** A simulcast video producer of the room: its site is told now to send only the lowest layer (nobody receives it yet). */
  addProducer(producer: types.Producer, tell: (spatialLayer: number) => void): void {
    const top = (producer.rtpParameters.encodings?.length ?? 1) - 1;
    if (producer.kind !== 'video' || producer.type !== 'simulcast' || top < 1) return;
    const demand: Demand = { top, told: 0, wants: new Map(), lowering: null, tell };
    this.producers.set(producer.id, demand);
    producer.observer.once('close', () => {
      if (demand.lowering) clearTimeout(demand.lowering);
      this.producers.delete(producer.id);
    });
    tell(0);
  }

  /** A consumer of one of the room's producers: `want` is read again whenever it may have changed (`changed`). */
  addConsumer(consumer: types.Consumer, want: Want): void {
    const { producerId } = consumer;
    const demand = this.producers.get(producerId);
    if (!demand) return;
    demand.wants.set(consumer.id, want);
    const changed = () => this.changed(producerId);
    consumer.observer.on('pause', changed);
    consumer.observer.on('resume', changed);
    consumer.observer.once('close', () => {
      demand.wants.delete(consumer.id);
      changed();
    });
    changed();
  }

  /** What a consumer of `producerId` wants may have changed (its preferred layers, its flags). */
  changed(producerId: string): void {
    const demand = this.producers.get(producerId);
    if (!demand) return;
    const now = this.level(demand);
    if (now > demand.told) {
      this.cancelLowering(demand);
      demand.told = now;
      demand.tell(now);
    } else if (now === demand.told) {
      this.cancelLowering(demand);
    } else if (!demand.lowering) {
      demand.lowering = setTimeout(() => {
        demand.lowering = null;
        const later = this.level(demand);
        if (later >= demand.told || !this.producers.has(producerId)) return;
        demand.told = later;
        demand.tell(later);
      }, this.holdMs);
      demand.lowering.unref();
    }
  }

  /** The layer the producer's site was last told to send (tests, metrics); null for a producer not tracked. */
  told(producerId: string): number | null {
    return this.producers.get(producerId)?.told ?? null;
  }

  private level(demand: Demand): number {
    let level = 0;
    for (const want of demand.wants.values()) level = Math.max(level, want());
    return Math.min(level, demand.top);
  }

  private cancelLowering(demand: Demand): void {
    if (!demand.lowering) return;
    clearTimeout(demand.lowering);
    demand.lowering = null;
  }
}
