import type { Socket } from 'socket.io-client';
import { socketOptions } from '../socket-options.ts';
import { api } from '../api.ts';
import { onRouteChange } from '../router.ts';
import { currentUser } from '../session.ts';
import type { AppNotification, NotificationList } from './types.ts';
import { loadChunk } from '../load-chunk.ts';

/**
 * Notifications as they arrive: one socket.io connection per signed-in user (the session
 * cookie authenticates it; the server puts it in the user's and the body's rooms), the
 * unread count for the navigation badge, and listeners for the notifications page.
 * socket.io-client loads on first use, in the same chunk the live meeting room uses.
 */

type Listener = (notification: AppNotification) => void;

let socket: Socket | null = null;
let socketUser: string | null = null;
let unread = 0;
const arrivals = new Set<Listener>();
const countWatchers = new Set<(n: number) => void>();
const connectWatchers = new Set<() => void>();
const disconnectWatchers = new Set<() => void>();

export function unreadCount(): number {
  return unread;
}

export function setUnread(n: number): void {
  unread = Math.max(0, n);
  for (const watch of countWatchers) watch(unread);
}

/** Called with the new count whenever it changes; returns the unsubscribe function. */
export function watchUnread(watch: (n: number) => void): () => void {
  countWatchers.add(watch);
  return () => countWatchers.delete(watch);
}

/** Called for each notification pushed while subscribed; returns the unsubscribe function. */
export function onNotification(listener: Listener): () => void {
  arrivals.add(listener);
  return () => arrivals.delete(listener);
}

export function isConnected(): boolean {
  return socket?.connected ?? false;
}

/**
 * Called on every (re)connection: whatever was pushed before the socket joined its rooms
 * (or while it was down) was missed, so a list on screen should read again.
 */
export function onConnected(watch: () => void): () => void {
  connectWatchers.add(watch);
  return () => connectWatchers.delete(watch);
}

export function onDisconnected(watch: () => void): () => void {
  disconnectWatchers.add(watch);
  return () => disconnectWatchers.delete(watch);
}

/** Asks the server for the unread count (on start and after every reconnect, to catch what was missed). */
export function refreshUnread(): void {
  api.get<NotificationList>('/api/notifications', { unread: true, limit: 1 }).then(
    (r) => setUnread(r.unread),
    () => undefined,
  );
}

/** Connects for the signed-in user if not yet connected (or connected as someone else). */
export function ensureConnected(): void {
  const user = currentUser();
  if (!user) return stop();
  if (socketUser === user.id) return;
  stop();
  socketUser = user.id;
  refreshUnread();
  loadChunk(() => import('socket.io-client')).then(({ io }) => {
    // Signed out (or switched user) while the library loaded.
    if (socketUser !== user.id || socket) return;
    const s = io(socketOptions);
    s.on('connect', () => {
      refreshUnread();
      for (const watch of connectWatchers) watch();
    });
    s.on('disconnect', () => {
      for (const watch of disconnectWatchers) watch();
    });
    // The server is restarting: it disconnects us next; connect again once it is back.
    s.on('restarting', ({ retryAfterMs, spreadMs }: { retryAfterMs: number; spreadMs: number }) => {
      s.once('disconnect', () => setTimeout(() => {
        if (socket === s) s.connect();
      }, retryAfterMs + Math.random() * spreadMs));
    });
    s.on('notification', (n: AppNotification) => {
      if (!n.readAt) setUnread(unread + 1);
      for (const listener of arrivals) listener(n);
    });
    socket = s;
  }, () => {
    // The library never arrived: the count still comes by request; the next page view tries again.
    if (socketUser === user.id && !socket) socketUser = null;
  });
}

/** Drops the connection: after sign-out a shared office PC must not keep receiving. */
export function stop(): void {
  socket?.disconnect();
  socket = null;
  socketUser = null;
  setUnread(0);
}

// Sign-out and an expired session both end with no current user on the next route.
onRouteChange(() => {
  if (!currentUser()) stop();
});
