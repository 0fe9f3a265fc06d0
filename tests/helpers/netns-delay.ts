import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NetHost } from './netns.ts';

/**
 * A one-way delay between a test host and the machine, on kernels without sch_netem (this
 * one has none: `tc qdisc … netem` says "Specified qdisc kind is unknown").
 *
 * The host's traffic to and from `peer` (the machine's gateway address) takes a detour through
 * a TUN device, where delay-line.py holds every packet `delayMs` and writes it back:
 *   - sent:     local process → (rule `iif lo to peer`, table 100) → tun → delay → back in on
 *               the tun with our own source address (accept_local) → forwarded out eth0;
 *   - received: eth0 → (rule `iif eth0 from peer`, table 100, before the local table) →
 *               forwarded to the tun → delay → back in on the tun → local table → delivered.
 * So the round trip grows by 2 × delayMs. The rate limit (tbf on eth0 and on the machine's side)
 * and the loss (nftables input/output hooks, which forwarded packets do not cross) of
 * NetHost.shape() still apply once each way. If the delay process dies its device goes with it,
 * table 100 is left empty and traffic flows undelayed.
 */
export interface DelayLine {
  delayMs: number;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./delay-line.py', import.meta.url));
const DEVICE = 'dl0';

export async function addDelay(host: NetHost, peer: string, delayMs: number): Promise<DelayLine> {
  const line = host.spawn(process.env['PYTHON'] ?? '/usr/bin/python3', [SCRIPT, DEVICE, String(delayMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => line.once('exit', () => resolve()));
  try {
    await ready(line);
    const sh = (...args: string[]) => host.exec(args[0]!, args.slice(1));
    await sh('sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.eth0.rp_filter=0',
      `net.ipv4.conf.${DEVICE}.rp_filter=0`, `net.ipv4.conf.${DEVICE}.accept_local=1`,
      // Early demux attaches a connected socket to an arriving packet, and the kernel never
      // forwards a packet that has a socket: received TCP would never reach the tun.
      'net.ipv4.tcp_early_demux=0', 'net.ipv4.udp_early_demux=0');
    await sh('ip', 'link', 'set', DEVICE, 'up');
    await sh('ip', 'route', 'add', peer, 'dev', DEVICE, 'src', host.address, 'table', '100');
    await sh('ip', 'route', 'add', host.address, 'dev', DEVICE, 'table', '100');
    await sh('ip', 'rule', 'add', 'pref', '5', 'iif', 'eth0', 'from', peer, 'lookup', '100');
    await sh('ip', 'rule', 'add', 'pref', '6', 'iif', 'lo', 'to', peer, 'lookup', '100');
    // The local table must come after rule 5, or packets for our own address never reach the tun.
    await sh('ip', 'rule', 'add', 'pref', '10', 'lookup', 'local');
    await sh('ip', 'rule', 'del', 'pref', '0');
  } catch (error) {
    line.kill();
    throw error;
  }
  return {
    delayMs,
    async close() {
      line.stdin?.end();
      line.kill();
      await exited;
      for (const pref of ['5', '6']) await host.exec('ip', ['rule', 'del', 'pref', pref]).catch(() => undefined);
    },
  };
}

function ready(line: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('delay line did not start within 5 s')), 5_000);
    line.once('error', reject);
    line.once('exit', (code) => reject(new Error(`delay line exited (${code}) before it was ready`)));
    line.stdout?.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      if (chunk.toString().startsWith('ready')) resolve();
      else reject(new Error(`delay line said: ${chunk.toString()}`));
    });
  });
}
