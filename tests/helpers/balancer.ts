import { connect, createServer, type Server, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  /** Connections handed to each backend so far, by its index in `backends`. */
  handed: number[];
  close(): Promise<void>;
}

/**
 * "One public address" in front of several nodes, as nginx or HAProxy would be: each new TCP
 * connection goes to the first backend, in order, that accepts it; a backend that refuses
 * (its process is gone) is skipped. Open connections are piped both ways and end with their
 * backend — a node that dies drops its browsers' websockets, and their reconnects land on the
 * next node. No health checks, no stickiness: the balancer of docs/scaling.md at its smallest.
 */
export async function startBalancer(listen: { host: string; port: number }, backends: { host: string; port: number }[]): Promise<Balancer> {
  const open = new Set<Socket>();
  const handed = backends.map(() => 0);
  const tryBackend = (client: Socket, i: number) => {
    const backend = backends[i];
    if (!backend) {
      client.destroy();
      return;
    }
    const upstream = connect(backend.port, backend.host);
    open.add(upstream);
    upstream.once('close', () => open.delete(upstream));
    const refused = () => tryBackend(client, i + 1);
    upstream.once('error', refused);
    upstream.once('connect', () => {
      handed[i]! += 1;
      upstream.off('error', refused);
      client.pipe(upstream).pipe(client);
      const end = () => { client.destroy(); upstream.destroy(); };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  };
  const server: Server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    tryBackend(client, 0);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(listen.port, listen.host, resolve));
  return {
    url: `http://${listen.host}:${listen.port}`,
    handed,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
