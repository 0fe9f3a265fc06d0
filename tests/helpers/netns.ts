import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Test hosts on one machine: network namespaces joined by a bridge in the root namespace,
 * each with its own address in 10.77.<k>.0/24 (the root namespace is 10.77.<k>.1). Traffic
 * stays between the test's namespaces and the root namespace's bridge address; nothing is
 * routed further. Every test net is removed by close(), and by the process's exit if a test
 * dies before it.
 *
 * This kernel has no sch_netem: a weak link is built from what it has — tbf for the rate and
 * nftables' `numgen random` for loss (see shape()).
 */
export interface NetHost {
  /** The namespace's name, e.g. "hn12-1". */
  ns: string;
  address: string;
  /** Runs a command inside the namespace (stdio inherited unless given). */
  spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Runs a command inside the namespace and returns its stdout. */
  exec(command: string, args: string[]): Promise<string>;
  /** Limits the host's outgoing and incoming rate and drops a share of its packets both ways. */
  shape(link: { rateKbit?: number; lossPercent?: number }): Promise<void>;
  /** Removes what shape() set. */
  unshape(): Promise<void>;
  /** Drops every UDP packet in and out (a site behind a firewall that lets only TCP through). */
  blockUdp(): Promise<void>;
  /**
   * A site whose firewall lets out only TCP to `ports` (e.g. [443]: HTTPS only) and the answers
   * to it: every UDP packet and every other connection, either way, is dropped.
   */
  allowOnlyTcp(ports: number[]): Promise<void>;
  /** An executable that starts Debian's Chromium inside the namespace (for playwright's executablePath). */
  chromium(): string;
}

export interface TestNet {
  /** The root namespace's address on the bridge: what the hosts reach the machine by. */
  gateway: string;
  hosts: NetHost[];
  /** Makes 127.0.0.1:`port` of the root namespace reachable at gateway:`port` (e.g. PostgreSQL). */
  forward(port: number): Promise<void>;
  close(): Promise<void>;
}

const ip = (...args: string[]) => run('ip', args);
const live = new Set<() => void>();
process.on('exit', () => { for (const cleanup of live) cleanup(); });

async function claimSubnet(): Promise<number> {
  const first = 1 + (process.pid % 200);
  for (let i = 0; i < 250; i++) {
    const k = 1 + ((first + i) % 250);
    try {
      await ip('link', 'add', `hb${k}`, 'type', 'bridge');
      return k;
    } catch { /* taken by another test: next */ }
  }
  throw new Error('no free 10.77.x.0/24 test subnet');
}

export async function createTestNet(hostCount: number): Promise<TestNet> {
  const k = await claimSubnet();
  const bridge = `hb${k}`;
  const gateway = `10.77.${k}.1`;
  const names = Array.from({ length: hostCount }, (_, i) => `hn${k}-${i + 1}`);
  const scratch = mkdtempSync(join(tmpdir(), `hopso-net${k}-`));
  const proxies: Server[] = [];
  const cleanup = () => {
    for (const ns of names) try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* gone */ }
    try { execFileSync('ip', ['link', 'del', bridge], { stdio: 'ignore' }); } catch { /* gone */ }
    rmSync(scratch, { recursive: true, force: true });
  };
  live.add(cleanup);
  try {
    await ip('addr', 'add', `${gateway}/24`, 'dev', bridge);
    await ip('link', 'set', bridge, 'up');
    const hosts: NetHost[] = [];
    for (const [i, ns] of names.entries()) {
      const address = `10.77.${k}.${10 + i}`;
      await ip('netns', 'add', ns);
      await ip('link', 'add', `hv${k}-${i + 1}`, 'type', 'veth', 'peer', 'name', `hp${k}-${i + 1}`);
      await ip('link', 'set', `hp${k}-${i + 1}`, 'netns', ns);
      await ip('-n', ns, 'link', 'set', `hp${k}-${i + 1}`, 'name', 'eth0');
      await ip('link', 'set', `hv${k}-${i + 1}`, 'master', bridge, 'up');
      await ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      await ip('-n', ns, 'link', 'set', 'eth0', 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
      hosts.push(netHost(ns, address, `hv${k}-${i + 1}`, scratch));
    }
    return {
      gateway,
      hosts,
      async forward(port) {
        const server = createServer((socket) => {
          const upstream = connect(port, '127.0.0.1');
          socket.pipe(upstream).pipe(socket);
          const end = () => { socket.destroy(); upstream.destroy(); };
          socket.on('error', end);
          upstream.on('error', end);
        });
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, gateway, resolve));
        proxies.push(server);
      },
      async close() {
        for (const server of proxies) await new Promise((resolve) => server.close(resolve));
        cleanup();
        live.delete(cleanup);
      },
    };
  } catch (error) {
    cleanup();
    live.delete(cleanup);
    throw error;
  }
}

function netHost(ns: string, address: string, hostSide: string, scratch: string): NetHost {
  const inNs = (command: string, args: string[]) => ['netns', 'exec', ns, command, ...args];
  const nft = async (name: string, script: string) => {
    const file = join(scratch, `${ns}-${name}.nft`);
    writeFileSync(file, script);
    await run('ip', inNs('nft', ['-f', file]));
  };
  return {
    ns,
    address,
    spawn: (command, args, options = {}) => spawn('ip', inNs(command, args), options),
    exec: async (command, args) => (await run('ip', inNs(command, args))).stdout,
    async shape({ rateKbit, lossPercent }) {
      await this.unshape();
      if (rateKbit) {
        const burst = `${Math.max(1600, Math.round((rateKbit * 1000) / 8 / 50))}b`;
        await run('ip', inNs('tc', ['qdisc', 'add', 'dev', 'eth0', 'root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', burst, 'latency', '400ms']));
        await run('tc', ['qdisc', 'add', 'dev', hostSide, 'root', 'tbf', 'rate', `${rateKbit}kbit`, 'burst', burst, 'latency', '400ms']);
      }
      if (lossPercent) {
        await nft('link', `table inet hopso_link {
  chain out { type filter hook output priority 0; numgen random mod 1000 < ${Math.round(lossPercent * 10)} drop; }
  chain in { type filter hook input priority 0; numgen random mod 1000 < ${Math.round(lossPercent * 10)} drop; }
}\n`);
      }
    },
    async unshape() {
      await run('ip', inNs('tc', ['qdisc', 'del', 'dev', 'eth0', 'root'])).catch(() => undefined);
      await run('tc', ['qdisc', 'del', 'dev', hostSide, 'root']).catch(() => undefined);
      await run('ip', inNs('nft', ['delete', 'table', 'inet', 'hopso_link'])).catch(() => undefined);
      await run('ip', inNs('nft', ['delete', 'table', 'inet', 'hopso_udp'])).catch(() => undefined);
      await run('ip', inNs('nft', ['delete', 'table', 'inet', 'hopso_tcp_only'])).catch(() => undefined);
    },
    async allowOnlyTcp(ports) {
      await nft('tcp-only', `table inet hopso_tcp_only {
  chain out { type filter hook output priority 0; policy drop;
    oif lo accept
    ct state established,related accept
    meta l4proto tcp tcp dport { ${ports.join(', ')} } accept
  }
  chain in { type filter hook input priority 0; policy drop;
    iif lo accept
    ct state established,related accept
  }
}\n`);
    },
    async blockUdp() {
      await nft('udp', `table inet hopso_udp {
  chain out { type filter hook output priority 0; meta l4proto udp drop; }
  chain in { type filter hook input priority 0; meta l4proto udp drop; }
}\n`);
    },
    chromium() {
      const file = join(scratch, `${ns}-chromium.sh`);
      writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${ns} "\${CHROMIUM_PATH:-/usr/bin/chromium}" "$@"\n`);
      chmodSync(file, 0o755);
      return file;
    },
  };
}
