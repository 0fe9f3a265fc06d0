import os from 'node:os';
import type { Page } from 'playwright-core';
import { childCpuSeconds } from './machine.ts';

/**
 * What a burst cost the machine, press to the last first frame, summed over rounds: CPU
 * seconds of each child process tree (the Chromiums, the mediasoup worker) and of this process
 * (the server: signalling, database), against the wall time. Two cores give 2 s per second.
 */
export class BurstCost {
  private readonly cpu = new Map<string, number>();
  private server = 0;
  private wall = 0;
  private from: { children: Map<string, number>; server: NodeJS.CpuUsage; at: number } | null = null;

  start(): void {
    this.from = { children: childCpuSeconds(), server: process.cpuUsage(), at: performance.now() };
  }

  stop(): void {
    if (!this.from) return;
    const now = childCpuSeconds();
    for (const [comm, seconds] of now) this.cpu.set(comm, (this.cpu.get(comm) ?? 0) + seconds - (this.from.children.get(comm) ?? 0));
    const used = process.cpuUsage(this.from.server);
    this.server += (used.user + used.system) / 1e6;
    this.wall += (performance.now() - this.from.at) / 1000;
    this.from = null;
  }

  /** Cores used over the measured wall time, by process tree. */
  cores(): string {
    const per = (s: number) => (this.wall > 0 ? s / this.wall : 0).toFixed(2);
    const parts = [...this.cpu].sort((a, b) => b[1] - a[1]).map(([comm, s]) => `${comm} ${per(s)}`);
    return `${[...parts, `server ${per(this.server)}`].join(', ')} of ${os.availableParallelism()} cores`;
  }

  line(): string {
    const parts = [...this.cpu].sort((a, b) => b[1] - a[1]).map(([comm, s]) => `${comm} ${s.toFixed(1)} s`);
    return `CPU press → last first frame: ${[...parts, `server ${this.server.toFixed(1)} s`].join(', ')}; wall ${this.wall.toFixed(1)} s`;
  }
}

/** How many simulcast layers each page's camera is encoding now (window.__hopso.outbound: active encodings), as "1 layer ×9, 3 layers ×1". */
export async function cameraLayers(pages: Page[]): Promise<string> {
  const counts = new Map<number, number>();
  for (const page of pages) {
    const out = await page.evaluate<{ source: string; active: boolean | null }[]>('window.__hopso ? window.__hopso.outbound() : []').catch(() => []);
    const cams = out.filter((o) => o.source === 'camera');
    if (cams.length === 0) continue;
    const active = cams.filter((o) => o.active !== false).length;
    counts.set(active, (counts.get(active) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => a[0] - b[0]).map(([layers, pages]) => `${layers} layer${layers === 1 ? '' : 's'} ×${pages}`).join(', ') || '—';
}

/**
 * The cores each child process tree (the Chromiums, the media worker) and this process (the
 * server) use over the next `ms`, as "chromium 1.9, server 0.1 of 2 cores": what the machine
 * is already doing before a burst is pressed (its pages' previews, the chủ trì's camera).
 */
export async function coresNow(ms: number): Promise<string> {
  const cost = new BurstCost();
  cost.start();
  await new Promise((r) => setTimeout(r, ms));
  cost.stop();
  return cost.cores();
}
