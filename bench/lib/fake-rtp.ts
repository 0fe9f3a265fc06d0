/** RTP parameters of a send-only Opus or VP8 stream, enough for the server to create a producer without a browser. */
export function fakeRtpParameters(kind: 'audio' | 'video', ssrc = 1000 + Math.floor(Math.random() * 1e6)) {
  const codec = kind === 'audio'
    ? { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }
    : { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'ccm', parameter: 'fir' }] };
  return { mid: kind === 'audio' ? '0' : '1', codecs: [codec], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: `test-${ssrc}`, reducedSize: true } };
}
