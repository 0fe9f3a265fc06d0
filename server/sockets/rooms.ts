/** Rooms every socket of a user joins (sockets/plugin.ts), so that any capability can push to a user or a body. */
export const userRoom = (userId: string) => `user:${userId}`;
export const bodyRoom = (bodyId: string) => `body:${bodyId}`;
/** Every socket opened with one session, so that logging out closes exactly those. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
