import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, trustProxyOf } from '../../server/config.ts';

describe('security settings', () => {
  it('defaults to Secure cookies and no trusted proxy', () => {
    const config = loadConfig({});
    expect(config.COOKIE_SECURE).toBe(true);
    expect(trustProxyOf(config)).toBe(false);
    expect(config.PUBLIC_ORIGIN).toBeUndefined();
    expect(loadConfig({ COOKIE_SECURE: 'false' }).COOKIE_SECURE).toBe(false);
  });

  it('reads TRUST_PROXY as a hop count or a list of addresses and CIDRs', () => {
    const hops = trustProxyOf(loadConfig({ TRUST_PROXY: '1' }));
    expect(typeof hops === 'function' && [hops('10.0.0.1', 0), hops('10.0.0.2', 1)]).toEqual([true, false]);
    expect(trustProxyOf(loadConfig({ TRUST_PROXY: '0' }))).toBe(false);
    expect(trustProxyOf(loadConfig({ TRUST_PROXY: '10.0.0.0/8,::1' }))).toEqual(['10.0.0.0/8', '::1']);
    // "true" would trust any X-Forwarded-For, which is what the setting exists to prevent.
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_ORIGIN: 'hop.gov.vn' })).toThrow(ConfigError);
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://hop.gov.vn' }).PUBLIC_ORIGIN).toBe('https://hop.gov.vn');
  });
});
