import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { Conflict } from '../lib/errors.ts';
import type { Writes } from '../lib/write-queue.ts';
import { agendaItems } from '../meetings/schema.ts';
import type { AgendaInfo, AgendaItemInfo, AgendaState } from './protocol.ts';
import { agendaRuns } from './schema.ts';

export interface AgendaDeps {
  db: Db;
  /** The meeting's record writes, in order (an item's end before the next one's start). */
  writes: Writes;
  meetingId: string;
}

/** The item under discussion, as a speaker-log entry records it. */
export interface CurrentItem {
  index: number;
  title: string;
}

interface Current extends CurrentItem {
  startedAt: Date;
  /** meeting_agenda_runs row id, filled in by the queued insert before a queued end runs. */
  run: { id: string | null };
}

/**
 * The meeting's agenda in the live room: its items (read once when the room opens) and the
 * item the chủ trì has open. Each opening is a meeting_agenda_runs row, stored before the
 * chair's call is answered; the open row survives a restart or an emptied room, so the
 * room reopens on the same item.
 */
export class LiveAgenda {
  private items: AgendaItemInfo[] = [];
  private current: Current | null = null;
  private loading: Promise<void> | null = null;

  private readonly deps: AgendaDeps;
  constructor(deps: AgendaDeps) {
    this.deps = deps;
  }

  /** Loads the items and the open item once; every caller shares the same promise. */
  ready(): Promise<void> {
    if (!this.loading) {
      const loading = this.load();
      this.loading = loading;
      // A failed read is tried again by the next caller, not cached.
      loading.catch(() => {
        if (this.loading === loading) this.loading = null;
      });
    }
    return this.loading;
  }

  private async load(): Promise<void> {
    const { db, meetingId } = this.deps;
    const [items, open] = await Promise.all([
      db.select().from(agendaItems).where(eq(agendaItems.meetingId, meetingId)).orderBy(asc(agendaItems.position)),
      db.select().from(agendaRuns).where(and(eq(agendaRuns.meetingId, meetingId), isNull(agendaRuns.endedAt))).orderBy(desc(agendaRuns.startedAt)).limit(1),
    ]);
    this.items = items.map((i) => ({ title: i.title, presenter: i.presenter, plannedMinutes: i.plannedMinutes }));
    const run = open[0];
    if (run && !this.current) this.current = { index: run.itemIndex, title: run.title, startedAt: run.startedAt, run: { id: run.id } };
  }

  info(): AgendaInfo {
    return { items: this.items, ...this.state() };
  }

  state(): AgendaState {
    return { currentIndex: this.current?.index ?? null, startedAt: this.current?.startedAt.toISOString() ?? null };
  }

  /** What a grant of the floor made now belongs to. */
  currentItem(): CurrentItem | null {
    return this.current ? { index: this.current.index, title: this.current.title } : null;
  }

  /**
   * Opens item `index`: the current one ends now. Changes at once (a grant made meanwhile
   * belongs to the new item); resolves once both writes are stored. A write the database
   * refuses (or a full queue) rejects, so the chair is not told "stored" — like the floor,
   * the room has moved on regardless.
   */
  open(index: number, byUserId: string): Promise<void> {
    const item = this.items[index];
    if (!item) {
      throw new Conflict(this.items.length === 0
        ? 'Cuộc họp chưa có chương trình. / The meeting has no agenda.'
        : `Chương trình chỉ có ${this.items.length} mục. / The agenda has ${this.items.length} items.`);
    }
    if (this.current?.index === index) return Promise.resolve();
    const startedAt = new Date();
    const ended = this.endCurrent(startedAt);
    const run = { id: null as string | null };
    this.current = { index, title: item.title, startedAt, run };
    const { db, meetingId } = this.deps;
    const started = this.deps.writes.push(async () => {
      run.id = one(await db.insert(agendaRuns).values({ meetingId, itemIndex: index, title: item.title, startedBy: byUserId, startedAt })
        .returning({ id: agendaRuns.id })).id;
    });
    return Promise.all([ended, started]).then(() => undefined);
  }

  /** The meeting ended: the open item ends with it (also one left open by an earlier run of the server). */
  close(at = new Date()): Promise<void> {
    this.current = null;
    const { db, meetingId } = this.deps;
    return this.deps.writes.enqueue(async () => {
      await db.update(agendaRuns).set({ endedAt: at }).where(and(eq(agendaRuns.meetingId, meetingId), isNull(agendaRuns.endedAt)));
    });
  }

  private endCurrent(at: Date): Promise<void> {
    const previous = this.current;
    this.current = null;
    if (!previous) return Promise.resolve();
    const { db } = this.deps;
    // Owed by the server once the item started: queued whatever the queue's length.
    return this.deps.writes.enqueue(async () => {
      if (previous.run.id) await db.update(agendaRuns).set({ endedAt: at }).where(and(eq(agendaRuns.id, previous.run.id), isNull(agendaRuns.endedAt)));
    });
  }
}

/** Every opening of an agenda item, in order: the minutes' sequence of the meeting. */
export function listAgendaRuns(db: Db, meetingId: string) {
  return db.select().from(agendaRuns).where(eq(agendaRuns.meetingId, meetingId)).orderBy(asc(agendaRuns.startedAt));
}
