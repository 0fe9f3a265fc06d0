import { api } from '../api.ts';
import type { UnitLevel, UnitPage, UnitSummary } from '../types.ts';

/**
 * Reads of the administrative-unit registry. The registry changes by decree, not by the
 * minute, so children are cached for the life of the page: reopening a province in any
 * picker costs nothing.
 */

/** The server's maximum page; no province has anywhere near this many communes. */
const ALL = 5000;
export const SEARCH_LIMIT = 50;

const childrenCache = new Map<string, Promise<UnitSummary[]>>();
const known = new Map<string, UnitSummary>();

/** A unit seen in any earlier answer, e.g. to name a search hit's province. */
export function knownUnit(code: string | null): UnitSummary | undefined {
  return code === null ? undefined : known.get(code);
}

export function fetchLevel(level: UnitLevel): Promise<UnitSummary[]> {
  return cached(`level:${level}`, () => listAll({ level }));
}

export function fetchChildren(parentCode: string): Promise<UnitSummary[]> {
  return cached(`parent:${parentCode}`, () => listAll({ parent: parentCode }));
}

/** Diacritics-insensitive search on the server ("thach ha" finds "Thạch Hà"). */
export async function searchUnits(q: string, signal?: AbortSignal): Promise<UnitPage> {
  const page = await api.get<UnitPage>('/api/units', { q, limit: SEARCH_LIMIT }, signal);
  remember(page.items);
  return page;
}

async function listAll(query: { level?: UnitLevel; parent?: string }): Promise<UnitSummary[]> {
  const page = await api.get<UnitPage>('/api/units', { ...query, limit: ALL });
  remember(page.items);
  return page.items;
}

function cached(key: string, load: () => Promise<UnitSummary[]>): Promise<UnitSummary[]> {
  let entry = childrenCache.get(key);
  if (!entry) {
    entry = load();
    // A failed load must not stick: the next expand retries.
    entry.catch(() => childrenCache.delete(key));
    childrenCache.set(key, entry);
  }
  return entry;
}

function remember(units: UnitSummary[]): void {
  for (const unit of units) known.set(unit.code, unit);
}
