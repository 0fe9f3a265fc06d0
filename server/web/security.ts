import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers on every answer. The CSP allows only the app's own files: the built
 * client and Swagger UI load scripts and styles from files, mediasoup-client needs no eval,
 * and socket.io connects to the same origin ('self' covers ws:/wss: of it). No page may
 * frame the app, so the chair's controls cannot be clickjacked.
 * HSTS and upgrade-insecure-requests only when cookies are Secure, i.e. behind HTTPS: on
 * deliberate plain HTTP they would lock browsers out.
 */
async function securityHeadersPlugin(app: FastifyInstance) {
  const https = app.config.COOKIE_SECURE;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  // The meeting page previews the Giấy mời PDF in a frame of its own: PDFs (no page script to
  // clickjack) may be framed by the app itself, and by no other site.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type')).startsWith('application/pdf')) {
      void reply.header('content-security-policy', "frame-ancestors 'self'").header('x-frame-options', 'SAMEORIGIN');
    }
    return payload;
  });
}

export default fp(securityHeadersPlugin, { name: 'security-headers' });
