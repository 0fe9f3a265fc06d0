import { Type } from 'typebox';
import { Nullable, StringEnum } from '../lib/schema.ts';
import { VN_ZONE } from '../lib/zone.ts';
import { floorEndReasons } from './schema.ts';

/** One grant of the floor as the API shows it (the client derives its type from it). */
export const Speaker = Type.Object({
  id: Type.String({ format: 'uuid' }),
  siteId: Type.String(),
  siteName: Type.String(),
  userId: Nullable(Type.String()),
  speakerName: Type.String(),
  grantedAt: Type.String({ description: `ISO 8601 in ${VN_ZONE} (+07:00)` }),
  endedAt: Nullable(Type.String()),
  endedBy: Nullable(StringEnum(floorEndReasons)),
  limitSeconds: Nullable(Type.Integer()),
  durationSeconds: Nullable(Type.Integer()),
  /** The agenda item open when the floor was given (0-based index, title as it read then); null before any item. */
  agendaItem: Nullable(Type.Object({ index: Type.Integer({ minimum: 0 }), title: Type.String() })),
});

export const SpeakerLog = Type.Object({ items: Type.Array(Speaker) });
