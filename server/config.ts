import os from 'node:os';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { StringEnum } from './lib/schema.ts';

/**
 * Every setting the server reads from the environment, with its default.
 * README.md's configuration table mirrors this schema.
 */
const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: './data' }),
  LOG_LEVEL: StringEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DEMO_DATA: Type.Boolean({ default: false }),
  /** With DEMO_DATA: the first start also writes about four months of Hà Tĩnh meetings, records and tasks (once; a marker row keeps it from repeating). */
  DEMO_HISTORY: Type.Boolean({ default: true }),
  SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 12 }),
  /** Secure cookies (and HSTS): on unless the server is reached over plain HTTP on purpose. */
  COOKIE_SECURE: Type.Boolean({ default: true }),
  /** Which proxies may set X-Forwarded-For: "false", a hop count, or addresses/CIDRs separated by commas. */
  TRUST_PROXY: Type.String({ default: 'false', pattern: '^(false|[0-9]+|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$' }),
  /** Origins (scheme://host[:port], comma-separated) whose pages may open sockets; none set = the request's own host. */
  PUBLIC_ORIGIN: Type.Optional(Type.String({ pattern: '^https?://[^,/]+(,https?://[^,/]+)*$' })),
  LOGIN_RATE_LIMIT: Type.Integer({ minimum: 1, default: 10 }),
  /** Failed sign-ins of one account (from any address) before each further try must wait, doubling. */
  LOGIN_ACCOUNT_FAILURES: Type.Integer({ minimum: 1, default: 5 }),
  /** Password hashes computed at once (argon2 takes ~19 MiB and tens of ms each). */
  LOGIN_HASH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  /** Sign-ins waiting for a hash slot before more are refused with 503. */
  LOGIN_HASH_QUEUE: Type.Integer({ minimum: 0, default: 32 }),
  MEDIA_WORKERS: Type.Integer({ minimum: 0, maximum: 64, default: os.cpus().length }),
  RTC_LISTEN_IP: Type.String({ default: '127.0.0.1' }),
  RTC_ANNOUNCED_ADDRESS: Type.Optional(Type.String()),
  RTC_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 40000 }),
  /**
   * TURN servers for sites that reach only 443/TCP ("turns:turn.example.gov.vn:443?transport=tcp",
   * comma-separated). Each admitted peer gets short-lived credentials for them (TURN REST: coturn's
   * use-auth-secret with TURN_SECRET as its static-auth-secret). Both or neither.
   */
  TURN_URLS: Type.Optional(Type.String({ pattern: '^turns?:[^,\\s]+(\\s*,\\s*turns?:[^,\\s]+)*$' })),
  TURN_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** How long issued TURN credentials last, in seconds: past it a relay can no longer be refreshed (a rejoin gets new ones). */
  TURN_TTL: Type.Integer({ minimum: 600, maximum: 172_800, default: 43_200 }),
  /** Consumers on one router before new peers of that meeting get a router on another worker (piped). */
  LIVE_PIPE_CONSUMERS: Type.Integer({ minimum: 1, default: 500 }),
  /**
   * This node's name when several hopso processes share one PostgreSQL database and serve one
   * meeting together (docs/scaling.md). Unset: a single node. Requires DATABASE_URL and NODE_SECRET.
   */
  NODE_ID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
  /** Where the other nodes reach this node's internal link (http://host:port); its port is NODE_PORT. */
  NODE_URL: Type.Optional(Type.String({ pattern: '^http://[^/]+$' })),
  /** The internal node-to-node port (not the public one: firewall it to the other nodes). */
  NODE_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3100 }),
  /** Shared by every node; each node-to-node call carries it. At least 32 characters. */
  NODE_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** A node not heard from for this long is dead: its meetings move to another node, its sites are dropped. */
  NODE_DEAD_SECONDS: Type.Integer({ minimum: 2, maximum: 600, default: 10 }),
  /**
   * Where a site's media goes when its socket is on another node than its meeting's owner:
   * 'site' (on its own node's workers, reached from the owner through the node link, producers
   * piped between nodes; docs/scaling.md) or 'owner' (its transports on the owner's workers).
   */
  NODE_MEDIA: StringEnum(['owner', 'site'] as const, { default: 'site' }),
  /** The address media pipes between nodes listen on, and what the other nodes are told to send to. */
  PIPE_LISTEN_IP: Type.String({ default: '127.0.0.1' }),
  PIPE_ANNOUNCED_ADDRESS: Type.Optional(Type.String()),
  /** UDP ports for media pipes to other nodes (one per meeting and peer node). */
  PIPE_MIN_PORT: Type.Integer({ minimum: 1024, maximum: 65535, default: 44000 }),
  PIPE_MAX_PORT: Type.Integer({ minimum: 1024, maximum: 65535, default: 44999 }),
  /** A site that drops and rejoins within this many seconds is one presence with a gap, not two. */
  LIVE_RECONNECT_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 3600, default: 60 }),
  /**
   * How often open presences are stamped alive in the database. A server that dies loses at
   * most this much of each site's connected time: at start, its open presences end at their last stamp.
   */
  LIVE_PRESENCE_HEARTBEAT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 15 }),
  /**
   * A peer whose socket drops keeps its transports, producers and consumers this long: the
   * reconnecting client re-attaches and restarts ICE on them. After it, the peer closes (full rejoin).
   */
  LIVE_MEDIA_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 600, default: 15 }),
  /** Sites that may wait in one meeting's lobby at once; the next is refused (`unavailable`, details.reason lobby_full). */
  LIVE_LOBBY_MAX: Type.Integer({ minimum: 1, maximum: 100_000, default: 500 }),
  /**
   * Peers one account may have in one meeting. A new connection past it (a reload, a second tab)
   * replaces the account's oldest peer, which is told `removed` with reason 'replaced'. Raise it
   * only for a site that really joins one meeting from several devices under one account.
   */
  LIVE_PEERS_PER_ACCOUNT: Type.Integer({ minimum: 1, maximum: 5, default: 1 }),
  /** Minutes after the start time before a first join counts as late. */
  ATTENDANCE_LATE_MINUTES: Type.Integer({ minimum: 0, maximum: 240, default: 10 }),
  /** Minutes before the start when the agenda's Join button becomes active (the room admits people to its lobby earlier anyway). */
  JOIN_OPENS_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 30 }),
  /**
   * Calendar answers kept in memory per reader and range, each until the data changes, up to
   * this many meetings in all (≈ 1.5 KB each; 0: none kept).
   */
  CALENDAR_CACHE_MEETINGS: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 20_000 }),
  CLIENT_DIST: Type.String({ default: 'client/dist' }),
  /** "production" makes SIGNING_KEY_SECRET required (no secret generated into the data directory). */
  NODE_ENV: Type.String({ default: 'development' }),
  /**
   * Encrypts the signing keys (the deployment CA's and every signer's) at rest. Required in
   * production; elsewhere one is generated into DATA_DIR/signing-key.secret on first start.
   * Changing it makes the stored keys unusable.
   */
  SIGNING_KEY_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** The name on the deployment CA's certificate (and so on every signer's issuer line). */
  SIGNING_CA_NAME: Type.String({ minLength: 1, default: 'Họp số' }),
  /**
   * Mail: without SMTP_URL or SMTP_HOST, messages are only written to the log. SMTP_URL
   * ("smtp://user:pass@mail.example.vn:587", "smtps://…:465") wins over the separate settings.
   */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  SMTP_HOST: Type.Optional(Type.String({ minLength: 1 })),
  SMTP_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 587 }),
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  SMTP_SECURE: Type.Boolean({ default: false }),
  SMTP_USER: Type.Optional(Type.String()),
  SMTP_PASSWORD: Type.Optional(Type.String()),
  /** The From of every message, e.g. "Họp số UBND tỉnh <hopso@hatinh.gov.vn>". */
  MAIL_FROM: Type.String({ minLength: 3, default: 'Họp số <hopso@localhost>' }),
  /** Tries per message before it is given up (logged); waits double from MAIL_RETRY_SECONDS. */
  MAIL_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 6 }),
  MAIL_RETRY_SECONDS: Type.Number({ minimum: 0, maximum: 3600, default: 30 }),
  /**
   * /metrics answers staff sessions, and a scraper (Prometheus) sending "Authorization: Bearer
   * <METRICS_TOKEN>" when this is set. At least 32 characters.
   */
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 32 })),
  /** Largest PDF the public verify endpoint takes, in megabytes. */
  VERIFY_MAX_MB: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});

export type Config = Static<typeof ConfigSchema>;

/** Every setting's name (ops/hopso.env.example lists each one; a test holds it to that). */
export const configKeys = (): string[] => Object.keys(ConfigSchema.properties);

const loopback = (host: string) => host === 'localhost' || host.startsWith('127.') || host === '::1' || host === '[::1]';

/**
 * With NODE_MEDIA=site the other nodes send media to the address a pipe announces (else the one it
 * listens on): one that only this machine reaches, while NODE_URL says the other nodes are
 * elsewhere, would leave every piped stream silent without an error.
 */
function pipeOnlyHere(config: Config): boolean {
  let nodeHost: string;
  try {
    nodeHost = new URL(config.NODE_URL ?? '').hostname;
  } catch {
    return false;
  }
  const told = config.PIPE_ANNOUNCED_ADDRESS ?? config.PIPE_LISTEN_IP;
  return !loopback(nodeHost) && (loopback(told) || told === '0.0.0.0' || told === '::');
}

/** TRUST_PROXY as Fastify's `trustProxy` takes it. */
export function trustProxyOf(config: Pick<Config, 'TRUST_PROXY'>): false | string[] | ((address: string, hop: number) => boolean) {
  const value = config.TRUST_PROXY.trim();
  if (value === 'false') return false;
  if (/^[0-9]+$/.test(value)) {
    // Trust the nearest `hops` addresses, as Fastify's numeric trustProxy does.
    const hops = Number(value);
    return hops === 0 ? false : (_address, hop) => hop < hops;
  }
  return value.split(',').map((part) => part.trim());
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw));
  const merged = { ...(converted as object), ...overrides };
  const errors = [...Value.Errors(ConfigSchema, merged)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.instancePath.slice(1) || "(root)"}: ${e.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const config = merged as Config;
  if (config.NODE_ENV === 'production' && !config.SIGNING_KEY_SECRET) {
    throw new ConfigError('Invalid configuration:\n  SIGNING_KEY_SECRET: required in production (at least 32 characters; it encrypts the signing keys at rest)');
  }
  if (config.NODE_ID) {
    const missing = [
      !config.DATABASE_URL && '  DATABASE_URL: required with NODE_ID (several nodes share one PostgreSQL; the embedded PGlite serves a single node only)',
      !config.NODE_URL && '  NODE_URL: required with NODE_ID (where the other nodes reach this one, e.g. http://10.0.0.11:3100)',
      !config.NODE_SECRET && '  NODE_SECRET: required with NODE_ID (the same secret of at least 32 characters on every node)',
      config.PIPE_MIN_PORT > config.PIPE_MAX_PORT && '  PIPE_MIN_PORT: must not be above PIPE_MAX_PORT',
      config.NODE_MEDIA === 'site' && pipeOnlyHere(config)
        && '  PIPE_LISTEN_IP: the other nodes (NODE_URL is not on this machine) cannot reach media pipes on this address; set PIPE_LISTEN_IP (and PIPE_ANNOUNCED_ADDRESS when it is 0.0.0.0) to this node\'s internal address, or NODE_MEDIA=owner',
    ].filter(Boolean);
    if (missing.length > 0) throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  }
  if (!config.TURN_URLS !== !config.TURN_SECRET) {
    throw new ConfigError(`Invalid configuration:\n  ${config.TURN_URLS ? 'TURN_SECRET' : 'TURN_URLS'}: TURN_URLS and TURN_SECRET go together (the secret is coturn's static-auth-secret)`);
  }
  return { ...config, DATA_DIR: path.resolve(config.DATA_DIR), CLIENT_DIST: path.resolve(config.CLIENT_DIST) };
}
