import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });

  if (app.demoLogins.length > 0) {
    const lines = app.demoLogins.map((l) => `  ${l.username.padEnd(14)} ${l.password}   ${l.role.padEnd(11)} ${l.body}`);
    const h = app.demoHistory;
    const history = h
      ? `Demo history (Dữ liệu minh họa): ${h.counts['meetings']} meetings of Hà Tĩnh from ${h.from} to ${h.to} and the next two weeks, ${h.counts['documents']} documents, ${h.counts['assignments']} task assignments, written in ${(h.ms / 1000).toFixed(1)} s\n`
      : '';
    console.log(`\nHọp số is running at http://localhost:${config.PORT}/  (API docs: /docs)\n${history}Demo logins:\n${lines.join('\n')}\n`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Closing tells live sites to reconnect, stores the pending attendance and speaker writes,
    // sends mail under way and stops the media workers; systemd's TimeoutStopSec is longer.
    const timer = setTimeout(() => {
      app.log.error('shutdown took over 25 s; exiting anyway');
      process.exit(1);
    }, 25_000).unref();
    await app.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
