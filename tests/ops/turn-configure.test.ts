import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/turn/configure.sh', import.meta.url).pathname;

/** scripts/turn/configure.sh on its own: what it writes from the settings, and the settings it refuses. */
describe('scripts/turn/configure.sh', () => {
  let dir: string;
  let settings: Record<string, string>;
  beforeAll(() => {
    dir = tempDir('turn-conf');
    writeFileSync(join(dir, 'cert.pem'), 'certificate');
    writeFileSync(join(dir, 'key.pem'), 'key');
    settings = { TURN_SECRET: 'a'.repeat(64), TURN_REALM: 'turn.example.gov.vn', TURN_CERT: join(dir, 'cert.pem'), TURN_KEY: join(dir, 'key.pem'), TURN_PEERS: '203.0.113.10,203.0.113.20' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const configure = (env: Record<string, string>, out = join(dir, 'turnserver.conf')) =>
    run('bash', [SCRIPT, '--out', out], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env } });

  it('writes a configuration that relays only to hopso, over TLS on 443, with the shared secret, readable by coturn alone', async () => {
    await configure(settings);
    const conf = readFileSync(join(dir, 'turnserver.conf'), 'utf8').split('\n');
    expect(conf).toEqual(expect.arrayContaining([
      'realm=turn.example.gov.vn', 'use-auth-secret', `static-auth-secret=${'a'.repeat(64)}`, 'tls-listening-port=443',
      `cert=${settings['TURN_CERT']}`, `pkey=${settings['TURN_KEY']}`, 'min-port=49152', 'max-port=49407',
      'denied-peer-ip=0.0.0.0-255.255.255.255', 'allowed-peer-ip=203.0.113.10', 'allowed-peer-ip=203.0.113.20', 'no-multicast-peers', 'no-tlsv1', 'no-tlsv1_1',
    ]));
    expect(conf.filter((l) => l.startsWith('allowed-peer-ip='))).toHaveLength(2);
    expect(statSync(join(dir, 'turnserver.conf')).mode & 0o777).toBe(0o640);
  });

  it('refuses a short secret, a missing certificate, no peers, a peer that is not an address, and a bad port range', async () => {
    const refused = async (change: Record<string, string>, message: RegExp) => {
      const out = join(dir, 'refused.conf');
      await expect(configure({ ...settings, ...change }, out)).rejects.toMatchObject({ stderr: expect.stringMatching(message) });
      expect(() => statSync(out)).toThrow();
    };
    await refused({ TURN_SECRET: 'short' }, /TURN_SECRET: at least 32 characters/);
    await refused({ TURN_CERT: join(dir, 'missing.pem') }, /TURN_CERT: no readable certificate/);
    await refused({ TURN_PEERS: '' }, /TURN_PEERS: hopso's media address/);
    await refused({ TURN_PEERS: 'hop.example.gov.vn' }, /TURN_PEERS: 'hop.example.gov.vn' is not an IPv4 address/);
    await refused({ TURN_MIN_PORT: '50000', TURN_MAX_PORT: '40000' }, /TURN_MIN_PORT\/TURN_MAX_PORT/);
  });
});
