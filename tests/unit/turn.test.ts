import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { turnCredentials, turnSettings } from '../../server/live/turn.ts';

const SECRET = 'turn-shared-secret-0123456789-abcdef';

/** TURN REST credentials as coturn's use-auth-secret checks them, and the settings that give them. */
describe('TURN credentials', () => {
  it('names its expiry and holder in the username and signs it with HMAC-SHA1 of the shared secret', () => {
    const settings = turnSettings(loadConfig({ TURN_URLS: 'turns:turn.hopso.test:443?transport=tcp, turn:turn.hopso.test:3478', TURN_SECRET: SECRET, TURN_TTL: '3600' }))!;
    const now = Date.UTC(2027, 0, 12, 2, 30, 0);
    const issued = turnCredentials(settings, 'user-1', now);
    expect(issued.urls).toEqual(['turns:turn.hopso.test:443?transport=tcp', 'turn:turn.hopso.test:3478']);
    expect(issued.username).toBe(`${now / 1000 + 3600}:user-1`);
    // What coturn computes from the username it is sent and its static-auth-secret.
    expect(Buffer.from(issued.credential, 'base64').equals(createHmac('sha1', SECRET).update(issued.username).digest())).toBe(true);
    expect(issued.credential).not.toBe(turnCredentials({ ...settings, secret: `${SECRET}x` }, 'user-1', now).credential);
    expect(turnCredentials(settings, 'user-1', now + 1000).username).toBe(`${now / 1000 + 3601}:user-1`);
  });

  it('is off without TURN_URLS; refuses half a setting, a short secret, a URL that is not turn(s): and a TTL out of bounds', () => {
    expect(turnSettings(loadConfig({}))).toBeNull();
    expect(loadConfig({}).TURN_TTL).toBe(43_200);
    expect(() => loadConfig({ TURN_URLS: 'turns:turn.hopso.test:443' })).toThrow(/TURN_SECRET: TURN_URLS and TURN_SECRET go together/);
    expect(() => loadConfig({ TURN_SECRET: SECRET })).toThrow(/TURN_URLS: TURN_URLS and TURN_SECRET go together/);
    expect(() => loadConfig({ TURN_URLS: 'turns:turn.hopso.test:443', TURN_SECRET: 'short' })).toThrow(/TURN_SECRET/);
    expect(() => loadConfig({ TURN_URLS: 'https://turn.hopso.test', TURN_SECRET: SECRET })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ TURN_URLS: 'turns:a:443', TURN_SECRET: SECRET, TURN_TTL: '599' })).toThrow(/TURN_TTL/);
    expect(() => loadConfig({ TURN_URLS: 'turns:a:443', TURN_SECRET: SECRET, TURN_TTL: String(3 * 86_400) })).toThrow(/TURN_TTL/);
    expect(loadConfig({ TURN_URLS: 'turns:a:443', TURN_SECRET: SECRET, TURN_TTL: '600' }).TURN_TTL).toBe(600);
  });
});
