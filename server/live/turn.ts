import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';
import type { IceServer } from './protocol.ts';

export interface TurnSettings {
  urls: string[];
  secret: string;
  ttlSeconds: number;
}

/** The TURN settings of a configuration, or null when the server has no TURN relay. */
export function turnSettings(config: Pick<Config, 'TURN_URLS' | 'TURN_SECRET' | 'TURN_TTL'>): TurnSettings | null {
  if (!config.TURN_URLS || !config.TURN_SECRET) return null;
  return { urls: config.TURN_URLS.split(',').map((url) => url.trim()), secret: config.TURN_SECRET, ttlSeconds: config.TURN_TTL };
}

/**
 * Short-lived TURN credentials in the "TURN REST API" form coturn checks with use-auth-secret:
 * the username carries its own expiry, the credential is the HMAC of the username under the
 * secret hopso and coturn share. Nothing is stored: coturn recomputes the HMAC, and refuses the
 * username once its expiry has passed (also for refreshing an allocation already made).
 * `subject` names who holds them (the user id) in coturn's log.
 */
export function turnCredentials(settings: TurnSettings, subject: string, now = Date.now()): IceServer {
  const expiry = Math.floor(now / 1000) + settings.ttlSeconds;
  const username = `${expiry}:${subject}`;
  const credential = createHmac('sha1', settings.secret).update(username).digest('base64');
  return { urls: settings.urls, username, credential };
}
