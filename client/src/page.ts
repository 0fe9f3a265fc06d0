import type { SessionUser } from './types.ts';

/** What every page's render function receives. */
export interface PageContext {
  /** Null only on public pages (login, units, not found) visited without a session. */
  user: SessionUser | null;
  path: string;
}

/**
 * A page: returns its content, which the app places in the shell. `cleanup` runs when the
 * user navigates away (to cancel timers or requests the page started).
 */
export type RenderPage = (ctx: PageContext) => PageResult | Promise<PageResult>;
export type PageResult = Node | { node: Node; cleanup(): void };
