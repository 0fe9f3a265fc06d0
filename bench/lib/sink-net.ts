import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

/**
 * Where bench:sfu's UDP sinks receive: a network namespace of their own behind a veth pair,
 * as separate receiving hosts would be. On loopback the kernel delivers every packet into the
 * receiving socket inside the sender's sendto(), so the worker's pinned core would also pay the
 * sinks' side of the network stack; here the namespace's receive processing is steered (RPS)
 * to core 0 with the sinks, and the worker's core pays what it would pay for a network card:
 * its own send path. Needs root and iproute2; without them the sinks stay on loopback.
 */
export interface SinkNet {
  /** "netns" or "loopback". */
  kind: 'netns' | 'loopback';
  /** The address the worker's consumer transports listen on. */
  workerIp: string;
  /** The address the sinks bind to. */
  sinkIp: string;
  /** Starts a Node script in the sinks' network (with an IPC channel, as fork does). */
  fork(script: string, execArgv: string[]): ChildProcess;
  close(): void;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });

export function openSinkNet(mode: 'netns' | 'loopback', sinkCpuMask: string): SinkNet {
  const loopback: SinkNet = {
    kind: 'loopback', workerIp: '127.0.0.1', sinkIp: '127.0.0.1',
    fork: (script, execArgv) => spawn(process.execPath, [...execArgv, script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    close: () => {},
  };
  if (mode === 'loopback') return loopback;
  const ns = `hopso-sfu-${process.pid}`;
  const host = `hsfu${process.pid % 100000}h`;
  const peer = `hsfu${process.pid % 100000}n`;
  const close = () => {
    try { sh('ip', ['link', 'del', host]); } catch { /* gone with the namespace */ }
    try { sh('ip', ['netns', 'del', ns]); } catch { /* never made */ }
  };
  try {
    sh('ip', ['netns', 'add', ns]);
    sh('ip', ['link', 'add', host, 'type', 'veth', 'peer', 'name', peer]);
    sh('ip', ['link', 'set', peer, 'netns', ns]);
    sh('ip', ['addr', 'add', '10.78.0.1/30', 'dev', host]);
    sh('ip', ['link', 'set', host, 'up']);
    sh('ip', ['-n', ns, 'addr', 'add', '10.78.0.2/30', 'dev', peer]);
    sh('ip', ['-n', ns, 'link', 'set', peer, 'up']);
    sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    // The sinks' receive processing on their core, not on the sending worker's.
    sh('ip', ['netns', 'exec', ns, 'sh', '-c', `echo ${sinkCpuMask} > /sys/class/net/${peer}/queues/rx-0/rps_cpus`]);
  } catch (err) {
    close();
    console.log(`  (sinks on loopback: could not make a network namespace: ${(err as { stderr?: Buffer }).stderr?.toString().trim() ?? String(err)})`);
    return loopback;
  }
  process.once('exit', close);
  return {
    kind: 'netns', workerIp: '10.78.0.1', sinkIp: '10.78.0.2',
    fork: (script, execArgv) => spawn('ip', ['netns', 'exec', ns, process.execPath, ...execArgv, script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    close,
  };
}
