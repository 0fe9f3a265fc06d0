import { load1 } from './machine.ts';

/** One server process's share in bench:signal: the sites it held and its memory growth per site it held. */
export interface ServerFigures {
  name: string;
  /** Sites sent to it (the chủ trì's not counted: it was there before the step). */
  held: number;
  /** Of them, connected at the end. */
  connected: number;
  rssPerSite: number;
  heapPerSite: number;
}

export interface Figures {
  inMs: number | null;
  servers: ServerFigures[];
  /** Every server's growth together, per site of the meeting. */
  rssPerSite: number;
  heapPerSite: number;
  rollMs: number | null;
  grantMs: number | null;
  /** The node owning the meeting (null on one server). */
  owner: string | null;
  /** Server events each site received on average (null for the baseline). */
  eventsPerSite: number | null;
  errors: number;
  firstErrors: string[];
}

const ms = (v: number | null) => (v === null ? 'not reached' : `${v.toFixed(0)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b <= 0 ? 'n/a' : (a / b).toFixed(1));
const v = (x: number | null | undefined) => (x === null || x === undefined ? 'na' : x.toFixed(0));
const v1 = (x: number | null | undefined) => (x === null || x === undefined ? 'na' : x.toFixed(1));
/** node-a → node_a (a RESULT key part). */
const key = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '_');

/** Each server's share: "node-a: the chủ trì + 34 sites, 34 connected, 9.1 KiB RSS / 2.0 KiB heap per site". */
function shares(f: Figures, chairOnFirst: boolean): string {
  return f.servers.map((s, i) => `${s.name}: ${i === 0 && chairOnFirst ? 'the chủ trì + ' : ''}${s.held} sites${s.connected < s.held ? ` (${s.connected} connected)` : ''}, ` +
    `${kb(s.rssPerSite)} RSS / ${kb(s.heapPerSite)} heap per site`).join('; ');
}

/** Prints K's lines; answers K's RESULT fields (on one server the same keys as before nodes existed). */
export function printFigures(k: number, nodes: number, base: Figures | null, real: Figures | null): string[] {
  if (base) {
    console.log(`  K=${k} socket.io alone${nodes > 1 ? ` (${nodes} processes)` : ''}: in ${ms(base.inMs)}, ${kb(base.rssPerSite)} RSS / ${kb(base.heapPerSite)} heap per site, ` +
      `broadcast to the last ${ms(base.grantMs)}${nodes > 1 ? ` [${shares(base, false)}]` : ''}`);
  }
  if (real) {
    const where = nodes > 1 ? ` on ${nodes} nodes (${real.owner ?? 'nobody'} owns the meeting${real.owner === real.servers[0]?.name ? '' : `, NOT the chủ trì's node ${real.servers[0]?.name}`})` : '';
    console.log(`  K=${k} hopso${where}: all in ${ms(real.inMs)} (× ${ratio(real.inMs, base?.inMs ?? null)}), ${kb(real.rssPerSite)} RSS (× ${ratio(real.rssPerSite, base?.rssPerSite ?? null)}) / ${kb(real.heapPerSite)} heap per site, ` +
      `roll call answered ${ms(real.rollMs)}, floor grant to the last site ${ms(real.grantMs)} (× ${ratio(real.grantMs, base?.grantMs ?? null)}), ` +
      `${real.eventsPerSite === null ? '' : `${real.eventsPerSite.toFixed(1)} events per site`}` +
      `${real.errors ? `; ${real.errors} errors: ${real.firstErrors.join(' | ')}` : ''}  load ${load1()}`);
    if (nodes > 1) console.log(`    per node (RSS and heap after a full GC, per site it held): ${shares(real, true)}`);
  }
  const fields = [`k${k}_in_ms=${v(real?.inMs)}`, `k${k}_kb_per_site=${real ? (real.rssPerSite / 1024).toFixed(1) : 'na'}`, `k${k}_roll_ms=${v(real?.rollMs)}`,
    `k${k}_grant_ms=${v(real?.grantMs)}`, `k${k}_in_ratio=${ratio(real?.inMs ?? null, base?.inMs ?? null)}`,
    `k${k}_events_per_site=${v1(real?.eventsPerSite)}`];
  if (nodes > 1 && real) {
    fields.push(`k${k}_owner=${real.owner ?? 'na'}`);
    real.servers.forEach((s, i) => fields.push(`k${k}_${key(s.name)}_sites=${s.held + (i === 0 ? 1 : 0)}`, `k${k}_${key(s.name)}_kb_per_site=${(s.rssPerSite / 1024).toFixed(1)}`));
  }
  return fields;
}
