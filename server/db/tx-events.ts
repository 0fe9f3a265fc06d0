import type { DbOrTx } from './client.ts';

/** What a listener leaves for after the commit: what must not happen if the change rolls back (a push, a mail). */
export type AfterCommit = () => void;
export type TxListener<E> = (tx: DbOrTx, event: E) => Promise<AfterCommit | void>;

/**
 * Events a capability announces from inside its transactions, for the capabilities above it
 * to act on without being imported (meetings announces a postponement; notifications, above
 * it, tells the invitees and moves the reminders). Listeners run in the announcing
 * transaction, one after another, so what they write commits or rolls back with the change;
 * `emit` returns their after-commit work, which the announcer runs once it has committed.
 */
export class TxEvents<E> {
  private readonly listeners: TxListener<E>[] = [];

  listen(listener: TxListener<E>): void {
    this.listeners.push(listener);
  }

  async emit(tx: DbOrTx, event: E): Promise<AfterCommit> {
    const after: AfterCommit[] = [];
    for (const listener of this.listeners) {
      const next = await listener(tx, event);
      if (next) after.push(next);
    }
    return () => {
      for (const run of after) run();
    };
  }
}

/** Runs the after-commit work of several events, in order. */
export function afterAll(list: readonly AfterCommit[]): AfterCommit {
  return () => {
    for (const run of list) run();
  };
}
