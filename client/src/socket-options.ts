import type { ManagerOptions, SocketOptions } from 'socket.io-client';

/**
 * How every socket of the page reaches the server. The notifications and the live room share
 * one connection (socket.io keeps one Manager per server, made with the options of the first
 * socket opened), so these are the options of both. A WebSocket straight away: one round trip
 * to be connected instead of long-polling's handshake and upgrade, each a round trip on a
 * commune's slow link. Behind a proxy that refuses WebSocket, the same attempt goes on over
 * long-polling (tryAllTransports) instead of retrying the WebSocket for ever.
 */
export const socketOptions: Partial<ManagerOptions & SocketOptions> = {
  path: '/socket.io',
  withCredentials: true,
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
};
