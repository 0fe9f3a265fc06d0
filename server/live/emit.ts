import type { EventName, ServerEvents } from './protocol.ts';

/**
 * socket.io's typed emit cannot follow a generic event name; the live meeting's emitAll,
 * emitChairs and emitTo keep the contract in their signatures, and this is the one place that widens it.
 */
export function emit<E extends EventName>(target: { emit(event: never, ...args: never[]): boolean }, event: E, payload: ServerEvents[E]): void {
  (target.emit as (event: E, payload: ServerEvents[E]) => boolean).call(target, event, payload);
}
