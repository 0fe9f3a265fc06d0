import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { openDatabase, type Database, type Db, type DbKind } from './client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    dbKind: DbKind;
  }
}

export interface DatabasePluginOptions {
  config: Config;
  /** An already-open database (tests); the app then leaves closing it to the caller. */
  database?: Database | undefined;
}

async function databasePlugin(app: FastifyInstance, { config, database }: DatabasePluginOptions) {
  const owned = !database;
  const opened = database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  app.decorate('config', config);
  app.decorate('db', opened.db);
  app.decorate('dbKind', opened.kind);
  if (owned) app.addHook('onClose', () => opened.close());
  app.log.info({ db: opened.kind }, 'database ready');
}

export default fp(databasePlugin, { name: 'database' });
