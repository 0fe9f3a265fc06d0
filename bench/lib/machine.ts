import fs from 'node:fs';
import os from 'node:os';

/** The machine a figure came from: cores, CPU model and the load average (other work running). */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  return `machine: ${os.cpus().length} cores, ${cpu}, load ${load}, Node ${process.version}`;
}

/** The 1-minute load average, for RESULT lines. */
export const load1 = () => Number(os.loadavg()[0]!.toFixed(2));

/** Command-line `--name value` (or `--name=value`), else the fallback. */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) return args[i + 1] ?? fallback;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return fallback;
}

/** Process resident memory in bytes (pid defaults to this process). */
export function residentBytes(pid: number = process.pid): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

export const percentile = (sorted: number[], p: number) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;

/** The kernel's count of UDP datagrams dropped because a socket's receive buffer was full. */
export function udpReceiveBufferErrors(): number {
  const lines = fs.readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const names = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/);
  return Number(values[names.indexOf('RcvbufErrors')]);
}

/**
 * CPU seconds (user + system) used so far by each child process of this one with all its
 * descendants, by the child's command name (Linux /proc; a reaped descendant's time is in its
 * parent's cutime/cstime). Chromium, the mediasoup worker: where a burst's CPU went.
 */
export function childCpuSeconds(): Map<string, number> {
  const hz = 100;
  const procs = new Map<number, { ppid: number; comm: string; ticks: number }>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), comm: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // It exited meanwhile.
    }
  }
  const topOf = (pid: number): number | null => {
    for (let p = pid, hops = 0; hops < 64; hops++) {
      const ppid = procs.get(p)?.ppid;
      if (ppid === undefined) return null;
      if (ppid === process.pid) return p;
      p = ppid;
    }
    return null;
  };
  const out = new Map<string, number>();
  for (const [pid, p] of procs) {
    const top = topOf(pid);
    if (top === null) continue;
    const comm = procs.get(top)!.comm;
    out.set(comm, (out.get(comm) ?? 0) + p.ticks / hz);
  }
  return out;
}
