import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configKeys, loadConfig } from '../../server/config.ts';

const read = (file: string) => fs.readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

/** KEY=value lines of an env file, set or commented out (# KEY=value). */
function envLines(text: string): { key: string; value: string; set: boolean }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return m ? [{ key: m[2]!, value: m[3]!, set: !m[1] }] : [];
  });
}

describe('the files an operator installs', () => {
  it('the environment template names every setting of server/config.ts, and nothing else', () => {
    const keys = new Set(envLines(read('ops/hopso.env.example')).map((l) => l.key));
    expect([...keys].sort()).toEqual(configKeys().sort());
  });

  it('the template, once its secrets are filled in, is a valid production configuration', () => {
    const env = Object.fromEntries(envLines(read('ops/hopso.env.example')).filter((l) => l.set).map((l) => [l.key, l.value]));
    expect(() => loadConfig(env)).toThrow(/SIGNING_KEY_SECRET/);
    const config = loadConfig({ ...env, SIGNING_KEY_SECRET: 'x'.repeat(48) });
    expect(config).toMatchObject({ NODE_ENV: 'production', COOKIE_SECURE: true, HOST: '127.0.0.1', DEMO_DATA: false, DATA_DIR: '/var/lib/hopso' });
  });

  it('the systemd unit runs the hopso command: migrate before start, SIGTERM with time to finish', () => {
    const unit = read('ops/hopso.service');
    expect(unit).toContain('ExecStartPre=/opt/hopso/bin/hopso migrate');
    expect(unit).toContain('ExecStart=/opt/hopso/bin/hopso start');
    expect(unit).toContain('EnvironmentFile=/etc/hopso/hopso.env');
    // Longer than the server's own 25 s limit in server/main.ts.
    expect(Number(/TimeoutStopSec=(\d+)/.exec(unit)?.[1])).toBeGreaterThan(25);
    expect(JSON.parse(read('package.json')).bin).toEqual({ hopso: 'bin/hopso' });
    expect(fs.statSync(new URL('../../bin/hopso', import.meta.url)).mode & 0o111).not.toBe(0);
  });
});
