/**
 * Inputs the fuzzer found that once got a 5xx (or no answer), replayed exactly on every run
 * before the random ones: each fails again if its fix is undone.
 */
export interface HttpFinding {
  /** What broke, as the fix's commit message names it. */
  input: string;
  /** An identity of the fuzz world (see world.ts). */
  who: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  status: number;
}

export const httpFindings: HttpFinding[] = [
  { input: 'GET /api/bodies?offset=1e999', who: 'anonymous', method: 'GET', url: '/api/bodies?offset=1e999', status: 400 },
  { input: 'GET /api/units?limit=Infinity', who: 'anonymous', method: 'GET', url: '/api/units?limit=Infinity', status: 400 },
  { input: 'GET /api/bodies?limit=-1e999', who: 'anonymous', method: 'GET', url: '/api/bodies?limit=-1e999', status: 400 },
];
