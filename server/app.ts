import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import authPlugin from './auth/plugin.ts';
import authRoutes from './auth/routes.ts';
import userRoutes from './auth/users-routes.ts';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import databasePlugin from './db/plugin.ts';
import demoPlugin from './demo/plugin.ts';
import docsPlugin from './docs/plugin.ts';
import healthRoutes from './health/routes.ts';
import { rejectUnstorableInput } from './lib/storable-input.ts';
import { installErrorHandler } from './lib/http-errors.ts';
import socketServerPlugin from './live/socket-server.ts';
import attendancePlugin from './attendance/plugin.ts';
import livePlugin from './live/plugin.ts';
import mediaPlugin from './media/plugin.ts';
import meetingsPlugin from './meetings/plugin.ts';
import unitsPlugin from './units/plugin.ts';
import webPlugin from './web/plugin.ts';

export interface BuildOptions {
  /** An open database to use instead of opening one from config (tests). */
  database?: Database;
}

/** Builds the app: infrastructure, then domain capabilities, then the web client. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true } },
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandler(app);
  rejectUnstorableInput(app);

  // Infrastructure
  await app.register(databasePlugin, { config, database: options.database });
  await app.register(docsPlugin);
  await app.register(mediaPlugin);
  await app.register(authPlugin);
  await app.register(socketServerPlugin);

  // Domain
  await app.register(unitsPlugin);
  await app.register(demoPlugin);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(userRoutes);
  await app.register(meetingsPlugin);
  await app.register(attendancePlugin);
  await app.register(livePlugin);

  // Client
  await app.register(webPlugin);
  return app;
}
