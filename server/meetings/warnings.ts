import { daysOffBetween } from '../calendar/working-days.ts';
import { viDate } from '../calendar/days.ts';
import type { MeetingRow } from './schema.ts';

export interface MeetingWarning {
  code: 'non_working_day';
  /** yyyy-MM-dd in Vietnam. */
  date: string;
  message: string;
}

const KIND_TEXT = { holiday: 'ngày lễ', day_off: 'ngày nghỉ', weekend: 'ngày nghỉ cuối tuần' } as const;
const KIND_EN = { holiday: 'a public holiday', day_off: 'a day off', weekend: 'a weekend day' } as const;

/**
 * What the convener should know but may go ahead with: the meeting falls on a public
 * holiday, a day off or a weekend (working-days.ts holds the table). Not a refusal — an
 * urgent meeting on a Sunday is lawful — so it comes back beside the saved meeting.
 */
export function meetingWarnings(meeting: Pick<MeetingRow, 'startsAt' | 'endsAt'>): MeetingWarning[] {
  return daysOffBetween(meeting.startsAt, meeting.endsAt).map((day) => ({
    code: 'non_working_day',
    date: day.date,
    message: `Ngày ${viDate(day.date)} là ${KIND_TEXT[day.kind]}${day.kind === 'weekend' ? '' : ` – ${day.name}`}. Hãy kiểm tra lại ngày họp. ` +
      `/ ${viDate(day.date)} is ${KIND_EN[day.kind]}${day.kind === 'weekend' ? '' : ` – ${day.name}`}. Check the meeting date.`,
  }));
}
