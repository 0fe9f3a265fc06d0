/** One node's loudest producer of a meeting, as its media room reported it. */
export interface Heard {
  producerId: string;
  /** dBov (−127 silence … 0 loudest), as mediasoup's AudioLevelObserver measures it. */
  volume: number;
}

/**
 * The meeting's active speaker when its sites' media is on several nodes: each node's room hears
 * only its own producers and reports its loudest (with its volume) when it changes, or silence.
 * The meeting's speaker is the loudest of the nodes' reports — not the latest, which would let a
 * quiet site on one node take the stage from the one speaking on another. Equal volumes: the
 * latest report wins.
 */
export class NodeSpeakers {
  private readonly heard = new Map<string, Heard>();

  /** A node's report ('' this node); answers the meeting's speaker now (null: silence everywhere). */
  report(node: string, producerId: string | null, volume: number | null): Heard | null {
    this.heard.delete(node);
    if (producerId) this.heard.set(node, { producerId, volume: volume ?? -127 });
    let best: Heard | null = null;
    for (const h of this.heard.values()) if (!best || h.volume >= best.volume) best = h;
    return best;
  }

  /** This node's room closed: what it heard is gone. */
  forget(node: string): void {
    this.heard.delete(node);
  }
}
