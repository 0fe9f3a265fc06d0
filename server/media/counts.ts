import * as mediasoup from 'mediasoup';

export interface MediaCounts {
  workers: number;
  webRtcServers: number;
  routers: number;
  transports: number;
  producers: number;
  consumers: number;
  rtpObservers: number;
}

/**
 * Live mediasoup objects in this process, counted from mediasoup's observer events (created
 * minus closed). The leak test reads it after many join/leave cycles; start it before any
 * worker is created, since it only sees objects born after it.
 */
export function trackMediaObjects(): { counts(): MediaCounts; stop(): void } {
  const counts: MediaCounts = { workers: 0, webRtcServers: 0, routers: 0, transports: 0, producers: 0, consumers: 0, rtpObservers: 0 };
  const born = (key: keyof MediaCounts, object: { observer: { once(event: 'close', fn: () => void): unknown } }) => {
    counts[key]++;
    object.observer.once('close', () => counts[key]--);
  };
  const onWorker = (worker: mediasoup.types.Worker) => {
    born('workers', worker);
    worker.observer.on('newwebrtcserver', (server) => born('webRtcServers', server));
    worker.observer.on('newrouter', (router) => {
      born('routers', router);
      router.observer.on('newrtpobserver', (observer) => born('rtpObservers', observer));
      router.observer.on('newtransport', (transport) => {
        born('transports', transport);
        transport.observer.on('newproducer', (producer) => born('producers', producer));
        transport.observer.on('newconsumer', (consumer) => born('consumers', consumer));
      });
    });
  };
  mediasoup.observer.on('newworker', onWorker);
  return {
    counts: () => ({ ...counts }),
    stop: () => mediasoup.observer.off('newworker', onWorker),
  };
}
