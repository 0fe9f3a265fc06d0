import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MediaPool } from './worker-pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    media: MediaPool | null;
  }
}

async function mediaPlugin(app: FastifyInstance) {
  const { MEDIA_WORKERS, RTC_LISTEN_IP, RTC_ANNOUNCED_ADDRESS, RTC_PORT } = app.config;
  const pool = MEDIA_WORKERS > 0
    ? await MediaPool.start({ workers: MEDIA_WORKERS, listenIp: RTC_LISTEN_IP, announcedAddress: RTC_ANNOUNCED_ADDRESS, basePort: RTC_PORT, log: app.log })
    : null;
  app.decorate('media', pool);
  if (pool) app.addHook('onClose', () => pool.close());
}

export default fp(mediaPlugin, { name: 'media', dependencies: ['database'] });
