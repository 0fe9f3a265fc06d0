import { Type } from 'typebox';
import { Nullable, StringEnum } from '../lib/schema.ts';
import { rsvpStatuses } from './enums.ts';
import { LocalDate, MeetingSchema } from './schemas.ts';

/** How the viewer stands to an agenda entry (policy Relation, the ones that put a meeting on someone's agenda). */
export const agendaRelations = ['convening', 'chair', 'secretary', 'invited'] as const;

export const AgendaQuery = Type.Object({
  from: Type.Optional(LocalDate),
  days: Type.Integer({ minimum: 1, maximum: 31, default: 7, description: 'Days from `from` (today in Vietnam by default), today included' }),
});

export const AgendaItem = Type.Object({
  ...MeetingSchema.properties,
  relations: Type.Array(StringEnum(agendaRelations), { description: 'Why the meeting is on my agenda' }),
  rsvp: Nullable(StringEnum(rsvpStatuses, { description: "My body's answer when it is invited" })),
  mayJoin: Type.Boolean({ description: 'I may enter its live room (policy meeting:join) and the room is open for this status' }),
  joinOpensAt: Type.String({ format: 'date-time', description: 'UTC instant from which the Join button is active (JOIN_OPENS_MINUTES before the start)' }),
});

export const AgendaResponse = Type.Object({
  from: LocalDate,
  to: LocalDate,
  serverTime: Type.String({ format: 'date-time', description: "The server's clock, so a client with a wrong clock still opens the button on time" }),
  joinOpensMinutes: Type.Integer(),
  items: Type.Array(AgendaItem),
});
