import type { MethodName } from '../../../server/live/protocol.ts';
import { AckError, connectLive, type LiveClient } from '../../helpers/live.ts';
import { expectedCall, expectedJoin, liveTable, payloadOf, type CallOutcome, type JoinOutcome } from './live-table.ts';
import type { AuthzWorld, Identity } from './world.ts';

const JOIN_FIRST = 'Join the meeting first';

/** An ack as the table speaks of it: ok, "join first", or the error code. */
async function outcomeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    if (!(err instanceof AckError)) throw err;
    return err.code === 'conflict' && err.message.includes(JOIN_FIRST) ? 'not joined' : err.code;
  }
}

function callProblem(want: CallOutcome, got: string): string | null {
  if (want === 'allowed') return ['forbidden', 'not joined', 'unauthenticated', 'internal', 'invalid_input'].includes(got) ? `expected allowed, got ${got}` : null;
  return got === want ? null : `expected ${want}, got ${got}`;
}

async function join(client: LiveClient, meetingId: string): Promise<{ outcome: string; peerId: string | null }> {
  try {
    const joined = await client.join(meetingId);
    return { outcome: joined.role === 'chair' ? 'chair' : joined.state, peerId: joined.peerId };
  } catch (err) {
    if (!(err instanceof AckError)) throw err;
    return { outcome: err.code, peerId: null };
  }
}

const methods = Object.keys(liveTable) as MethodName[];
/** Methods of a joined socket, in an order that keeps the room usable: leaving comes last. */
const peerMethods = methods.filter((m) => m !== 'join' && m !== 'leave');

/**
 * Every /live method from every account: signed out, the socket is refused; each signed-in
 * account joins the draft (refused, or not open yet) and a shared issued meeting (chair, in,
 * lobby or refused, as the table says), then calls every method. Non-chairs call the chủ trì's
 * methods on real peers and must be refused; each chủ trì does everything in a meeting of its
 * own (admitting, muting, removing a real site, ending), since those change the room.
 */
export async function runLive(w: AuthzWorld): Promise<string[]> {
  const problems: string[] = [];
  const note = (who: string, what: string, problem: string | null) => {
    if (problem) problems.push(`${who} ${what}: ${problem}`);
  };
  const open: LiveClient[] = [];
  const connect = async (who: Identity) => {
    const client = await connectLive(w.live.url, who.cookie, who.name);
    open.push(client);
    return client;
  };
  try {
    const anonymous = w.identities.find((i) => i.subject === 'anonymous')!;
    const refused = await connect(anonymous).then(() => 'connected', (err: Error) => err.message);
    note('anonymous', 'connect', refused === 'unauthenticated' ? null : `expected unauthenticated, got ${refused}`);

    const accounts = w.identities.filter((i) => i.subject !== 'anonymous');
    const clients = new Map<string, LiveClient>();
    for (const who of accounts) clients.set(who.name, await connect(who));
    for (const who of accounts) {
      const want = expectedJoin(who, 'draft');
      const { outcome } = await join(clients.get(who.name)!, w.draft.meetingId);
      note(who.name, 'join (draft)', outcome === want ? null : `expected ${want}, got ${outcome}`);
    }

    // The shared room: everyone but the chủ trì.
    const room = await w.fresh('issued');
    const guests = accounts.filter((who) => expectedJoin(who, 'issued') !== 'chair');
    const joined = new Map<string, string>();
    const peers: Partial<Record<JoinOutcome, string>> = {};
    for (const who of guests) {
      const want = expectedJoin(who, 'issued');
      const { outcome, peerId } = await join(clients.get(who.name)!, room.meetingId);
      note(who.name, 'join', outcome === want ? null : `expected ${want}, got ${outcome}`);
      joined.set(who.name, outcome);
      if (peerId) peers[outcome as JoinOutcome] ??= peerId;
    }
    if (!peers.lobby || !peers.admitted) throw new Error('the shared room needs a site in the lobby and one let in');
    for (const who of guests) {
      const client = clients.get(who.name)!;
      for (const method of [...peerMethods, 'leave' as const]) {
        const got = await outcomeOf(client.call(method, payloadOf(method, method === 'admit' ? peers.lobby : peers.admitted)));
        note(who.name, method, callProblem(expectedCall(method, joined.get(who.name) as JoinOutcome), got));
      }
    }

    // Each chủ trì in a meeting of its own, acting on a real site.
    const chairs = accounts.filter((who) => expectedJoin(who, 'issued') === 'chair');
    const site = await connect(w.helper);
    for (const who of chairs) {
      const own = await w.fresh('issued');
      const client = clients.get(who.name)!;
      const { outcome } = await join(client, own.meetingId);
      note(who.name, 'join', outcome === 'chair' ? null : `expected chair, got ${outcome}`);
      const waiting = await join(site, own.meetingId);
      if (waiting.outcome !== 'lobby') throw new Error(`the site a chair acts on should wait in the lobby, got ${waiting.outcome}`);
      // Starting comes first: the floor and the roll call are open only in a started meeting.
      const order = ['start', ...peerMethods.filter((m) => m !== 'start' && m !== 'remove' && m !== 'end'), 'remove', 'leave', 'join', 'end'] as const;
      for (const method of order) {
        const got = method === 'join' ? (await join(client, own.meetingId)).outcome : await outcomeOf(client.call(method, payloadOf(method, waiting.peerId!)));
        const must = method === 'join' ? 'chair' : liveTable[method] === 'chair' ? 'ok' : null;
        note(who.name, method, must ? (got === must ? null : `expected ${must}, got ${got}`) : callProblem('allowed', got));
      }
    }
  } finally {
    for (const c of open) c.close();
  }
  return problems;
}
