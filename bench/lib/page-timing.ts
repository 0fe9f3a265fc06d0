/**
 * Scripts that run inside the bench's Chromium pages (plain JavaScript: the bench's TypeScript
 * has no DOM types). Instants are the page's own performance.now(), so each figure is measured
 * on one clock.
 */

/**
 * Installed before the live page loads: notes when the join button is pressed, then when the
 * first remote (non-local) video frame is presented (requestVideoFrameCallback) and, from the
 * receive transport's getStats (polled 20 ms after the previous poll answered, from the press), when its first packet arrived and
 * when it first counts a decoded frame — with the key frame requests (PLI, FIR) this page had
 * sent by then. The session's own join steps come from window.__hopso.timeline().
 */
export const joinTimingScript = `
(() => {
  const timing = { pressedAt: null, presentedAt: null, decodedAt: null, packetAt: null, pliCount: null, firCount: null };
  window.__benchTiming = timing;
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (timing.pressedAt !== null || !button || !/Vào phòng họp/.test(button.textContent || '')) return;
    timing.pressedAt = performance.now();
    // One getStats of the receive transport per poll (not one per consumer), and the next poll
    // only once it answered: on a loaded page, polls that overlap would lag and load it themselves.
    const poll = async () => {
      const recv = window.__hopso?.session.engine?.recvTransport;
      const report = recv && !recv.closed ? await recv.getStats().catch(() => null) : null;
      const now = performance.now();
      const video = report ? [...report.values()].filter((s) => s.type === 'inbound-rtp' && s.kind === 'video') : [];
      if (timing.packetAt === null && video.some((s) => s.packetsReceived > 0)) timing.packetAt = now;
      const decoded = video.find((s) => s.framesDecoded > 0);
      if (decoded) {
        timing.decodedAt = now;
        timing.pliCount = decoded.pliCount ?? null;
        timing.firCount = decoded.firCount ?? null;
        return;
      }
      setTimeout(poll, 20);
    };
    setTimeout(poll, 20);
  }, true);
  const watch = (video) => {
    if (video.__benchWatched || video.classList.contains('tile-video--local')) return;
    video.__benchWatched = true;
    video.requestVideoFrameCallback(() => {
      if (timing.pressedAt !== null && timing.presentedAt === null) timing.presentedAt = performance.now();
    });
  };
  new MutationObserver(() => document.querySelectorAll('video').forEach(watch)).observe(document, { childList: true, subtree: true });
})();
`;

/**
 * The baseline: what WebRTC alone costs on this machine. A fake camera's track through a
 * loopback RTCPeerConnection pair (no server, no signalling) into a video element, timed from
 * creating the connections to the first presented frame. getUserMedia is opened before the
 * clock starts, as the live page opens its devices before its join button is enabled.
 */
export const loopbackScript = `
(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const started = performance.now();
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  document.body.append(video);
  const presented = new Promise((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
  b.ontrack = (e) => { video.srcObject = new MediaStream([e.track]); void video.play(); };
  for (const track of stream.getTracks()) a.addTrack(track, stream);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  const at = await presented;
  a.close(); b.close();
  for (const track of stream.getTracks()) track.stop();
  return at - started;
})()
`;
