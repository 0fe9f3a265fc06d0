/**
 * The steps of one join, each at its first occurrence (performance.now(), the page's own
 * clock): where the time from "Vào phòng họp" to the first remote picture goes. Read through
 * `window.__hopso.timeline()` by support staff ("why did this site wait?") and by bench:join,
 * which prints them phase by phase. Marking costs a property write; nothing is sent anywhere.
 */
export type JoinStep =
  /** The socket to the meeting server is open (the pre-join page opened it: then this is the room's first render). */
  | 'connected'
  /** `join` answered (admitted: with the router's capabilities). */
  | 'joined'
  /** The mediasoup Device is loaded with the router's capabilities (the pre-join page's, when they are the same). */
  | 'deviceLoaded'
  /** Both transports exist, on the server (opened with the admission) and in the browser. */
  | 'transports'
  /** The microphone, camera and screen this site sends are produced (the send transport connected first). */
  | 'produced'
  /** The room is shown; the site tells the server its view. */
  | 'live'
  /** The server answered the view with the subscription. */
  | 'viewAnswered'
  /** The first `consume` of a remote video answered by the server. */
  | 'videoConsumeAnswered'
  /** That video's consumer exists in the browser (the receive transport's DTLS parameters sent first, if new). */
  | 'videoConsumer'
  /** The server resumed it (`resumeConsumer` answered): media may flow. */
  | 'videoResumed'
  /** ICE and DTLS of the receive transport are up. */
  | 'recvConnected';

export class JoinTimeline {
  readonly steps: Partial<Record<JoinStep, number>> = {};

  /** Notes the step's first occurrence; later ones (a rejoin, a second video) keep the first. */
  mark(step: JoinStep): void {
    this.steps[step] ??= performance.now();
  }
}
