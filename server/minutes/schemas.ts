import { Type, type Static } from 'typebox';
import { IsoDate, Nullable, StringEnum } from '../lib/schema.ts';

/** Wire and stored shapes of the biên bản and the thông báo kết luận (the client derives its types from them). */

const Text = (maxLength: number) => Type.String({ maxLength });
const IsoInstant = Type.String({ maxLength: 40, description: 'ISO 8601 with offset' });

export const attendeeStatuses = ['present', 'substitute', 'late', 'left_early', 'absent_excused', 'absent'] as const;

/** One line of the attendance section: a site, how it attended, and who attended for whom. */
export const Attendee = Type.Object({
  name: Text(300),
  status: StringEnum(attendeeStatuses),
  /** "Nguyễn Văn B, Phó Chủ tịch" dự thay; the reason of an absence; the time of a late arrival. */
  note: Text(500),
});

export const Speech = Type.Object({
  name: Text(200),
  site: Text(300),
  /** When the floor was given, ISO 8601 (+07:00); empty for a view added by hand. */
  at: Text(40),
  view: Text(5000),
});

export const Vote = Type.Object({
  subject: Text(500),
  for: Type.Integer({ minimum: 0, maximum: 100000 }),
  against: Type.Integer({ minimum: 0, maximum: 100000 }),
  abstain: Type.Integer({ minimum: 0, maximum: 100000 }),
});

export const MinutesItem = Type.Object({
  title: Text(500),
  /** Matters presented (who presented what). */
  presented: Text(10000),
  speakers: Type.Array(Speech, { maxItems: 200 }),
  votes: Type.Array(Vote, { maxItems: 20 }),
});

/**
 * A conclusion of the chủ trì, kept structured: the follow-up tasks (issue #11) are made from
 * it: to whom (bodies, or every invited body), by when, and what result is expected.
 */
export const Conclusion = Type.Object({
  text: Text(5000),
  assignees: Type.Union([Type.Literal('all-invited'), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })]),
  deadline: Nullable(IsoDate),
  expectedResult: Text(2000),
});

export const MinutesContent = Type.Object({
  startedAt: Nullable(IsoInstant),
  endedAt: Nullable(IsoInstant),
  place: Text(500),
  onlinePoints: Text(1000),
  chair: Text(300),
  secretary: Text(300),
  attendees: Type.Array(Attendee, { maxItems: 5000 }),
  items: Type.Array(MinutesItem, { maxItems: 100 }),
  conclusions: Type.Array(Conclusion, { maxItems: 200 }),
});

export const NoticeContent = Type.Object({
  /** The opening paragraph: who chaired what, when, with whom. */
  opening: Text(5000),
  conclusions: Type.Array(Conclusion, { maxItems: 200 }),
  /** Closing line: "… thông báo để các cơ quan, đơn vị biết, thực hiện." */
  closing: Text(1000),
});

export type Attendee = Static<typeof Attendee>;
export type Conclusion = Static<typeof Conclusion>;
export type MinutesContent = Static<typeof MinutesContent>;
export type NoticeContent = Static<typeof NoticeContent>;

export const recordKindValues = ['minutes', 'notice'] as const;
export const recordStateValues = ['draft', 'submitted', 'changes_requested', 'revised', 'approved', 'secretary_signed', 'signed', 'published'] as const;
export const recordActionValues = ['submit', 'request_changes', 'revise', 'approve', 'sign_secretary', 'sign_chair', 'publish'] as const;

export const RecordContentSchema = Type.Union([MinutesContent, NoticeContent]);

export const RecordView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: StringEnum(recordKindValues),
  state: StringEnum(recordStateValues),
  content: RecordContentSchema,
  revision: Type.Integer(),
  number: Nullable(Type.String()),
  documentId: Nullable(Type.String()),
  signatures: Type.Array(Type.Object({ role: StringEnum(['secretary', 'chair'] as const), userId: Type.String(), name: Type.String(), at: Type.String() })),
  publishedAt: Nullable(Type.String()),
  shareLive: Type.Boolean(),
  corrects: Nullable(Type.Object({ id: Type.String(), number: Nullable(Type.String()) })),
  supersededById: Nullable(Type.String()),
  updatedAt: Type.String(),
  lock: Nullable(Type.Object({ holderName: Type.String(), mine: Type.Boolean(), expiresAt: Type.String() })),
  steps: Type.Array(StringEnum(recordActionValues)),
  canEdit: Type.Boolean(),
  canCorrect: Type.Boolean(),
});

export const PublishedEntry = Type.Object({
  id: Type.String(), kind: StringEnum(recordKindValues), number: Nullable(Type.String()), documentId: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()), supersededById: Nullable(Type.String()), correctsId: Nullable(Type.String()),
  signatures: Type.Array(Type.Object({ role: Type.String(), name: Type.String(), at: Type.String() })),
});

export const RecordsResponse = Type.Object({
  /** What this reader may see of each kind: the working copy for the secretary and chủ tọa (or a shared live draft), else the published one. */
  minutes: Nullable(RecordView),
  notice: Nullable(RecordView),
  /** The published documents of both kinds, corrections included, oldest first. */
  published: Type.Array(PublishedEntry),
  noticeDue: Nullable(Type.Object({ endedAt: Type.String(), date: IsoDate, overdue: Type.Boolean(), published: Type.Boolean() })),
  may: Type.Object({ write: Type.Boolean(), chair: Type.Boolean() }),
  meetingStatus: Type.String(),
});

export const KindParams = Type.Object({ id: Type.String({ format: 'uuid' }), kind: StringEnum(recordKindValues) });
export const StepBody = Type.Object({ action: StringEnum(recordActionValues), note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const ContentBody = Type.Object({ content: RecordContentSchema }, { additionalProperties: false });
export const LockBody = Type.Object({ takeover: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export const ShareBody = Type.Object({ live: Type.Boolean() }, { additionalProperties: false });
export const CompareQuery = Type.Object({ a: Type.Integer({ minimum: 1, maximum: 100000 }), b: Type.Integer({ minimum: 1, maximum: 100000 }) });

export const VersionList = Type.Object({
  items: Type.Array(Type.Object({
    version: Type.Integer(), action: Type.String(), fromState: Nullable(Type.String()), toState: Type.String(),
    note: Nullable(Type.String()), byName: Type.String(), at: Type.String(),
  })),
});
export const CompareResponse = Type.Object({
  a: Type.Integer(), b: Type.Integer(),
  sections: Type.Array(Type.Object({ section: Type.String(), before: Type.String(), after: Type.String(), changed: Type.Boolean() })),
});
export const SaveResponse = Type.Object({ revision: Type.Integer(), savedAt: Type.String() });
export const LockResponse = Type.Object({ holderName: Type.String(), mine: Type.Boolean(), expiresAt: Type.String() });

export type RecordView = Static<typeof RecordView>;
export type RecordsResponse = Static<typeof RecordsResponse>;
export type RecordKindValue = (typeof recordKindValues)[number];
export type RecordActionValue = (typeof recordActionValues)[number];
