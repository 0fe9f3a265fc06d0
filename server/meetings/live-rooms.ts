import { Conflict } from '../lib/errors.ts';

/** What live/ (above meetings/) lets meetings do to a running live room. */
export interface LiveRoomControl {
  /** The meeting's live room has peers in it (lobby or admitted), on whichever node owns it. */
  isOpen(meetingId: string): Promise<boolean>;
  /** Ends the running room the way its chair would: peers told, attendance settled, status ended. */
  end(meetingId: string, byUserId: string): Promise<void>;
  /** Starts the room's meeting the way its chair would: status live, attendance counted from now. */
  start(meetingId: string, by: { userId: string; name: string }): Promise<void>;
}

/**
 * The one owner of a live meeting's status is its live room: a status change from HTTP that
 * would leave the room running goes through it (ending) or is refused while it runs.
 * live/ attaches its registry at startup; without it (no live plugin) no room is ever open.
 */
export class LiveRooms {
  private control: LiveRoomControl | null = null;

  attach(control: LiveRoomControl): void {
    this.control = control;
  }

  async isOpen(meetingId: string): Promise<boolean> {
    return (await this.control?.isOpen(meetingId)) ?? false;
  }

  /** Ends the room if it is open; false when there was none. */
  async endIfOpen(meetingId: string, byUserId: string): Promise<boolean> {
    if (!this.control || !(await this.control.isOpen(meetingId))) return false;
    await this.control.end(meetingId, byUserId);
    return true;
  }

  /** Starts the meeting through its open room (so the room knows); false when there was none. */
  async startIfOpen(meetingId: string, by: { userId: string; name: string }): Promise<boolean> {
    if (!this.control || !(await this.control.isOpen(meetingId))) return false;
    await this.control.start(meetingId, by);
    return true;
  }

  /** Postponing or cancelling a meeting people are in would strand them: the chair ends it first. */
  async refuseWhileOpen(meetingId: string): Promise<void> {
    if (await this.isOpen(meetingId)) {
      throw new Conflict('Phòng họp trực tuyến đang mở; hãy kết thúc cuộc họp trước. / The live room is open; end the meeting first.', { live: true });
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    liveRooms: LiveRooms;
  }
}
