/** The wire types of the minutes pages, derived from the server's schemas (never copied). */
import type { Static } from 'typebox';
import type {
  CompareResponse as CompareSchema, Conclusion as ConclusionSchema, MinutesContent as MinutesSchema, NoticeContent as NoticeSchema,
  RecordsResponse as RecordsSchema, RecordView as RecordViewSchema, SaveResponse as SaveSchema, VersionList as VersionSchema,
} from '../../../server/minutes/schemas.ts';

export type MinutesContent = Static<typeof MinutesSchema>;
export type NoticeContent = Static<typeof NoticeSchema>;
export type Conclusion = Static<typeof ConclusionSchema>;
export type RecordView = Static<typeof RecordViewSchema>;
export type RecordsResponse = Static<typeof RecordsSchema>;
export type VersionList = Static<typeof VersionSchema>;
export type CompareResult = Static<typeof CompareSchema>;
export type SaveResult = Static<typeof SaveSchema>;
export type RecordKind = RecordView['kind'];
export type RecordAction = RecordView['steps'][number];
