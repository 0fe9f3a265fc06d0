import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitForOutput, type Started } from './host-process.ts';
import type { NetHost } from './netns.ts';
import type { TestCa } from './tls.ts';
import { eventually } from './wait.ts';

const run = promisify(execFile);
const CONFIGURE = fileURLToPath(new URL('../../scripts/turn/configure.sh', import.meta.url));

export interface CoturnSettings {
  secret: string;
  realm: string;
  ca: TestCa;
  /** hopso's media address(es): the only peers the relay may send to. */
  peers: string[];
}

/**
 * Debian's coturn on `host`, configured by the repo's scripts/turn/configure.sh from a settings
 * file as an operator writes /etc/hopso/turn.env, and run as Debian's unit runs it: user
 * turnserver, `turnserver -c <conf> --pidfile=`, with the one capability ops/turn/coturn-hopso.conf
 * adds (binding 443).
 */
export async function startCoturn(host: NetHost, dir: string, settings: CoturnSettings): Promise<Started> {
  // User turnserver must reach the configuration and the certificate, as under /etc on a server.
  chmodSync(dir, 0o755);
  const envFile = join(dir, 'turn.env');
  writeFileSync(envFile, [
    `TURN_SECRET=${settings.secret}`, `TURN_REALM=${settings.realm}`, `TURN_CERT=${settings.ca.fullchain}`,
    `TURN_KEY=${settings.ca.privkey}`, `TURN_PEERS=${settings.peers.join(',')}`, 'TURN_MIN_PORT=49152', 'TURN_MAX_PORT=49200',
  ].join('\n'), { mode: 0o600 });
  const conf = join(dir, 'turnserver.conf');
  await run('bash', [CONFIGURE, '--env', envFile, '--out', conf]);
  // The key and the configuration are read by user turnserver through its group, as on a server.
  await run('chgrp', ['turnserver', settings.ca.privkey]);
  const child = host.spawn('setpriv', [
    '--reuid', 'turnserver', '--regid', 'turnserver', '--init-groups',
    '--inh-caps', '+net_bind_service', '--ambient-caps', '+net_bind_service',
    'turnserver', '-c', conf, '--pidfile=',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = waitForOutput(child, 'coturn');
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`coturn exited:\n${started.output()}`);
    return new Promise<boolean>((resolve) => {
      const socket = connect(443, host.address, () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
  }, 30_000, 'coturn to listen on 443').catch(async (err: unknown) => {
    await started.stop();
    throw new Error(`${String(err)}\ncoturn said:\n${started.output().slice(-3000)}`);
  });
  return started;
}
