import { DateTime } from 'luxon';
import { InvalidInput } from '../lib/errors.ts';
import { inZone, requireEndAfterStart, VN_ZONE } from '../lib/time.ts';

/**
 * RFC 5545 calendar files for invitations (RFC 5546 iTIP: REQUEST / CANCEL) and for a
 * body's subscription feed. Written by hand rather than with the `ics` package because
 * that one folds lines at 75 characters, not 75 octets, which Vietnamese text (two or
 * three bytes a letter in UTF-8) overruns, and it cannot emit a TZID with its VTIMEZONE.
 *
 * Times are written as Vietnam wall-clock time with Vietnam's TZID and the zone's
 * VTIMEZONE: the file reads as the invitation does ("08:00"), and every client converts
 * it for people elsewhere.
 */

const PRODID = '-//Hop so//Hop so 0.1//VI';
/** Cal-address for a party without an e-mail: .invalid never delivers (RFC 2606). */
const NO_REPLY = 'mailto:no-reply@hopso.invalid';

export interface IcsEventInput {
  /** Stable across updates and the cancellation, e.g. "<meetingId>@hopso". */
  uid: string;
  /** Increased on every change invitees must hear about (RFC 5545 SEQUENCE). */
  sequence: number;
  title: string;
  description: string;
  location: string;
  start: Date;
  end: Date;
  organizer: { name: string; email?: string };
  attendees?: { name: string; email?: string }[];
  status?: 'CONFIRMED' | 'CANCELLED';
  /** An absolute URL to the meeting; a relative one is left out (URL must be a full URI). */
  url?: string;
  /** DTSTAMP: when this file was made; defaults to now. */
  stamp?: Date;
}

export interface InvitationIcsInput extends IcsEventInput {
  method: 'REQUEST' | 'CANCEL';
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value: quoted, since names hold commas and colons; DQUOTE and controls cannot appear at all. */
function paramText(value: string): string {
  return `"${value.normalize('NFC').replace(/["\p{Cc}]/gu, ' ').trim()}"`;
}

const encoder = new TextEncoder();

/** Folds a content line into pieces of at most 75 octets, never inside a UTF-8 sequence (§3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    // Continuation lines start with a space, which counts against their 75 octets.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const utc = (d: Date) => DateTime.fromJSDate(d, { zone: 'utc' }).toFormat("yyyyMMdd'T'HHmmss'Z'");
const local = (d: Date) => inZone(d).toFormat("yyyyMMdd'T'HHmmss");

function absoluteUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function validate(e: IcsEventInput): void {
  if (!e.uid.trim() || /[\r\n]/.test(e.uid)) throw new InvalidInput('Sự kiện lịch cần UID một dòng. / A calendar event needs a one-line UID.');
  if (!Number.isInteger(e.sequence) || e.sequence < 0) throw new InvalidInput(`SEQUENCE phải là số nguyên không âm: ${e.sequence}. / SEQUENCE must be a non-negative integer.`);
  if (Number.isNaN(e.start.getTime()) || Number.isNaN(e.end.getTime())) throw new InvalidInput('Thời gian không hợp lệ. / Invalid start or end.');
  requireEndAfterStart(e.start, e.end);
}

function eventLines(e: IcsEventInput): string[] {
  validate(e);
  const organizer = e.organizer.email ? `mailto:${e.organizer.email}` : NO_REPLY;
  const url = absoluteUrl(e.url);
  return [
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${utc(e.stamp ?? new Date())}`,
    `DTSTART;TZID=${VN_ZONE}:${local(e.start)}`,
    `DTEND;TZID=${VN_ZONE}:${local(e.end)}`,
    `SUMMARY:${escapeText(e.title)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    `LOCATION:${escapeText(e.location)}`,
    `STATUS:${e.status ?? 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    `ORGANIZER;CN=${paramText(e.organizer.name)}:${organizer}`,
    ...(e.attendees ?? []).map(
      (a) => `ATTENDEE;CN=${paramText(a.name)};ROLE=REQ-PARTICIPANT;CUTYPE=GROUP;RSVP=FALSE:${a.email ? `mailto:${a.email}` : `urn:x-hopso:${encodeURIComponent(a.name.normalize('NFC'))}`}`,
    ),
    ...(url ? [`URL:${url}`] : []),
    'END:VEVENT',
  ];
}

/** Vietnam has kept UTC+7 without daylight saving since 13 June 1975. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${VN_ZONE}`,
  `X-LIC-LOCATION:${VN_ZONE}`,
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0700',
  'TZOFFSETTO:+0700',
  'TZNAME:ICT',
  'DTSTART:19750613T000000',
  'END:STANDARD',
  'END:VTIMEZONE',
];

function calendar(header: string[], events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', ...header, ...VTIMEZONE, ...events.flat(), 'END:VCALENDAR'];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * One invitation as an iTIP message: METHOD:REQUEST for a new or changed meeting (same UID,
 * higher SEQUENCE), METHOD:CANCEL with STATUS:CANCELLED when it is called off.
 */
export function buildInvitationIcs(input: InvitationIcsInput): string {
  const status = input.method === 'CANCEL' ? 'CANCELLED' : (input.status ?? 'CONFIRMED');
  return calendar([`METHOD:${input.method}`], [eventLines({ ...input, status })]);
}

/** A body's subscription feed: every meeting as it stands now, cancelled ones marked so. */
export function buildFeedIcs(events: IcsEventInput[], calendarName: string): string {
  const name = escapeText(calendarName);
  const header = ['METHOD:PUBLISH', `NAME:${name}`, `X-WR-CALNAME:${name}`, `X-WR-TIMEZONE:${VN_ZONE}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H'];
  return calendar(header, events.map(eventLines));
}
