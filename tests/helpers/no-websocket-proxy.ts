import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the app that refuses every WebSocket upgrade with 403, as some
 * offices' proxies do: plain requests (pages, the API, socket.io's long-polling) pass through.
 */
export async function startNoWebSocketProxy(target: string): Promise<{ url: string; refused: () => number; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  let refused = 0;
  const proxy = http.createServer((req, res) => {
    const upstream = http.request({ host: hostname, port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('upgrade', (_req, socket) => {
    refused++;
    socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => {
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    }),
  };
}
