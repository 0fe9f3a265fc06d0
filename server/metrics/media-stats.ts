import type { MediaPeer } from '../media/peer.ts';

/** One meeting's media on this node's workers: its own sites', or those it hosts for the meeting's owner on another node. */
export interface MeetingMediaPeers {
  meetingId: string;
  media: MediaPeer[];
}

export interface MeetingSample {
  meetingId: string;
  /** Bits per second the server receives from the meeting's sites, and sends to them. */
  recvBitrate: number;
  sendBitrate: number;
  /** Packets the server's receivers counted lost, and received, over the producers sampled (since they opened). */
  packetsLost: number;
  packets: number;
  /** Mean fraction lost in the last report interval, 0..1. */
  lossFraction: number;
}

/** At most this many meetings (the largest) and this many transports and producers of each are sampled per scrape. */
export const SAMPLE_MEETINGS = 50;
export const SAMPLE_PER_MEETING = 50;

/** Resolves to null after `ms`: a worker that does not answer must not hold up the scrape. */
const within = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work.catch(() => null), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref())]);

/**
 * Bitrate and packet loss of the live meetings, from mediasoup's own stats (transport and
 * producer getStats). Bounded: the largest SAMPLE_MEETINGS meetings, SAMPLE_PER_MEETING of
 * each kind of object in each, and one second for the lot.
 */
export async function sampleMeetings(meetings: readonly MeetingMediaPeers[]): Promise<MeetingSample[]> {
  const biggest = [...meetings].sort((a, b) => b.media.length - a.media.length).slice(0, SAMPLE_MEETINGS);
  return Promise.all(biggest.map(async ({ meetingId, media: all }) => {
    const media = all.filter((m) => !m.closed);
    const transports = media.flatMap((m) => [...m.transports.values()]).filter((t) => !t.closed).slice(0, SAMPLE_PER_MEETING);
    const producers = media.flatMap((m) => [...m.producers.values()]).filter((p) => !p.closed).slice(0, SAMPLE_PER_MEETING);
    const [tStats, pStats] = await Promise.all([
      Promise.all(transports.map((t) => within(t.getStats(), 1000))),
      Promise.all(producers.map((p) => within(p.getStats(), 1000))),
    ]);
    const sample: MeetingSample = { meetingId, recvBitrate: 0, sendBitrate: 0, packetsLost: 0, packets: 0, lossFraction: 0 };
    for (const stat of tStats.flat()) {
      if (!stat) continue;
      sample.recvBitrate += stat.recvBitrate;
      sample.sendBitrate += stat.sendBitrate;
    }
    let streams = 0;
    for (const stat of pStats.flat()) {
      if (!stat) continue;
      sample.packetsLost += stat.packetsLost;
      sample.packets += stat.packetCount;
      sample.lossFraction += stat.fractionLost / 256;
      streams++;
    }
    if (streams > 0) sample.lossFraction /= streams;
    return sample;
  }));
}
