import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import accessLogPlugin from './access-log/plugin.ts';
import accessLogRoutes from './access-log/routes.ts';
import attendancePlugin from './attendance/plugin.ts';
import attendanceRoutes from './attendance/routes.ts';
import authPlugin from './auth/plugin.ts';
import authRoutes from './auth/routes.ts';
import userRoutes from './auth/users-routes.ts';
import { trustProxyOf, type Config } from './config.ts';
import type { Database } from './db/client.ts';
import databasePlugin from './db/plugin.ts';
import demoPlugin from './demo/plugin.ts';
import demoSigningRoutes from './demo/signing-routes.ts';
import docsPlugin from './docs/plugin.ts';
import healthRoutes from './health/routes.ts';
import metricsRoutes from './metrics/routes.ts';
import changeRoutes from './invitations/change-routes.ts';
import feedRoutes from './invitations/feed-routes.ts';
import invitationsPlugin from './invitations/plugin.ts';
import invitationRoutes from './invitations/routes.ts';
import rsvpRoutes from './invitations/rsvp-routes.ts';
import { rejectUnstorableInput } from './lib/storable-input.ts';
import { echoRequestId, loggerOptions, requestId } from './lib/logging.ts';
import { installErrorHandler } from './lib/http-errors.ts';
import livePlugin from './live/plugin.ts';
import messagesRoutes from './live/messages-routes.ts';
import speakersRoutes from './live/speakers-routes.ts';
import mediaPlugin from './media/plugin.ts';
import minutesPlugin from './minutes/plugin.ts';
import minutesRoutes from './minutes/routes.ts';
import agendaRoutes from './meetings/agenda-routes.ts';
import fileRoutes from './meetings/files-routes.ts';
import lifecycleRoutes from './meetings/lifecycle-routes.ts';
import meetingsPlugin from './meetings/plugin.ts';
import meetingRoutes from './meetings/routes.ts';
import seriesRoutes from './meetings/series-routes.ts';
import signingPlugin from './signing/plugin.ts';
import type { DocumentSigner } from './signing/signer.ts';
import signingRoutes from './signing/routes.ts';
import notificationsPlugin from './notifications/plugin.ts';
import notificationRoutes from './notifications/routes.ts';
import socketServerPlugin from './sockets/plugin.ts';
import nodesPlugin from './nodes/plugin.ts';
import unitsPlugin from './units/plugin.ts';
import unitRoutes from './units/routes.ts';
import unitChangeRoutes from './registry/routes.ts';
import reportRoutes from './reports/routes.ts';
import tasksPlugin from './tasks/plugin.ts';
import taskRoutes from './tasks/routes.ts';
import webPlugin from './web/plugin.ts';
import securityHeadersPlugin from './web/security.ts';

export interface BuildOptions {
  /** An open database to use instead of opening one from config (tests). */
  database?: Database;
  /** Signs documents instead of the deployment's own CA (a government CA token, a remote-signing service). */
  signer?: DocumentSigner;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

/**
 * Builds the app: infrastructure, then the capabilities in layer order (each may use those
 * registered before it), then every route, then the web client. Nothing registers a
 * capability behind this list. Plugins close in reverse order.
 */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { ...loggerOptions(config.LOG_LEVEL), ...(options.logStream ? { stream: options.logStream } : {}) },
    // Every log line of a request carries its id; a proxy's X-Request-Id is kept, and the answer names it.
    genReqId: requestId,
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    trustProxy: trustProxyOf(config),
    // The first start imports the unit registry (~14,000 rows): seconds on a busy 2-core server, past Fastify's 10 s default.
    pluginTimeout: 120_000,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  echoRequestId(app);
  rejectUnstorableInput(app);

  // Infrastructure
  await app.register(databasePlugin, { config, database: options.database });
  await app.register(securityHeadersPlugin);
  await app.register(mediaPlugin);
  await app.register(authPlugin);
  // After auth: the docs are for signed-in staff.
  await app.register(docsPlugin);
  await app.register(socketServerPlugin);
  await app.register(nodesPlugin);

  // Capabilities: registries, events and their listeners
  await app.register(unitsPlugin);
  await app.register(demoPlugin);
  await app.register(accessLogPlugin);
  await app.register(meetingsPlugin);
  await app.register(signingPlugin, { signer: options.signer });
  await app.register(invitationsPlugin);
  await app.register(notificationsPlugin);
  await app.register(livePlugin);
  await app.register(attendancePlugin);
  await app.register(minutesPlugin);
  await app.register(tasksPlugin);

  // Routes (the metrics first: its timing hook covers every route after it)
  await app.register(metricsRoutes);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(unitRoutes);
  await app.register(unitChangeRoutes);
  await app.register(meetingRoutes);
  await app.register(agendaRoutes);
  await app.register(lifecycleRoutes);
  await app.register(seriesRoutes);
  await app.register(fileRoutes);
  await app.register(invitationRoutes);
  await app.register(changeRoutes);
  await app.register(rsvpRoutes);
  await app.register(feedRoutes);
  await app.register(notificationRoutes);
  await app.register(speakersRoutes);
  await app.register(messagesRoutes);
  await app.register(attendanceRoutes);
  await app.register(minutesRoutes);
  await app.register(taskRoutes);
  await app.register(reportRoutes);
  await app.register(signingRoutes);
  await app.register(accessLogRoutes);
  await app.register(demoSigningRoutes);

  // Client
  await app.register(webPlugin);
  return app;
}
