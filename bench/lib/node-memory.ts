/**
 * Loaded into a bench's hopso node process (`node --expose-gc --import bench/lib/node-memory.ts
 * server/main.ts`, with an IPC channel): asked `{op:'memory'}`, it runs a full GC and answers
 * the process's RSS and JS heap — the node's own memory, as bench:signal's one-node server reports it.
 */
if (process.send) {
  process.on('message', (m: { op?: string }) => {
    if (m?.op !== 'memory') return;
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send!({ op: 'memory', rss, heapUsed, gc: typeof (globalThis as { gc?: unknown }).gc === 'function' });
  });
}
