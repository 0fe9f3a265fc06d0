import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('several nodes: settings', () => {
  const node = { NODE_ID: 'node-a', NODE_URL: 'http://10.0.0.11:3100', NODE_SECRET: 'x'.repeat(32), PIPE_LISTEN_IP: '10.0.0.11' };

  it('a single node needs none of them', () => {
    expect(loadConfig({}).NODE_ID).toBeUndefined();
  });

  it('refuses NODE_ID without PostgreSQL: PGlite serves one node only', () => {
    expect(() => loadConfig(node)).toThrow(/DATABASE_URL: required with NODE_ID/);
    expect(loadConfig({ ...node, DATABASE_URL: 'postgres://db/hopso' }).NODE_ID).toBe('node-a');
  });

  it('names what else is missing, and refuses a short secret or an inverted pipe port range', () => {
    const db = { DATABASE_URL: 'postgres://db/hopso' };
    expect(() => loadConfig({ ...db, NODE_ID: 'node-a' })).toThrow(/NODE_URL[\s\S]*NODE_SECRET/);
    expect(() => loadConfig({ ...db, ...node, NODE_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...db, ...node, PIPE_MIN_PORT: '45000', PIPE_MAX_PORT: '44000' })).toThrow(/PIPE_MIN_PORT/);
  });

  it('media on each site\'s node is the default; pipes only this machine reaches are refused when the other nodes are elsewhere', () => {
    const db = { DATABASE_URL: 'postgres://db/hopso' };
    expect(loadConfig({ ...db, ...node }).NODE_MEDIA).toBe('site');
    expect(() => loadConfig({ ...db, ...node, PIPE_LISTEN_IP: '' })).toThrow(/PIPE_LISTEN_IP: the other nodes/);
    expect(() => loadConfig({ ...db, ...node, PIPE_LISTEN_IP: '0.0.0.0' })).toThrow(/PIPE_LISTEN_IP: the other nodes/);
    expect(loadConfig({ ...db, ...node, PIPE_LISTEN_IP: '0.0.0.0', PIPE_ANNOUNCED_ADDRESS: '10.0.0.11' }).PIPE_ANNOUNCED_ADDRESS).toBe('10.0.0.11');
    // Media on the owner needs no pipes; nodes all on one machine may pipe over loopback.
    expect(loadConfig({ ...db, ...node, PIPE_LISTEN_IP: '', NODE_MEDIA: 'owner' }).NODE_MEDIA).toBe('owner');
    expect(loadConfig({ ...db, ...node, PIPE_LISTEN_IP: '', NODE_URL: 'http://127.0.0.1:3100' }).PIPE_LISTEN_IP).toBe('127.0.0.1');
  });
});
