import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { MeetingStatus, RsvpStatus } from './types.ts';

export function statusBadge(status: MeetingStatus): HTMLElement {
  return h('span', { class: `status-badge status-badge--${status}` }, t(`mtg.status.${status}` as const));
}

export function rsvpBadge(rsvp: RsvpStatus): HTMLElement {
  return h('span', { class: `rsvp-badge rsvp-badge--${rsvp}` }, t(`mtg.rsvp.${rsvp}` as const));
}
