/**
 * Loaded into a bench's hopso node process (`node --expose-gc --import bench/lib/node-memory.ts
 * server/main.ts`, with an IPC channel): asked `{op:'memory'}`, it answers the process's RSS and
 * JS heap after a full GC — the node's own memory, as bench:signal's one-node server reports it.
 */
import { memoryAfterFullGc } from './gc-memory.ts';

if (process.send) {
  process.on('message', (m: { op?: string }) => {
    if (m?.op === 'memory') process.send!({ op: 'memory', ...memoryAfterFullGc() });
  });
}
