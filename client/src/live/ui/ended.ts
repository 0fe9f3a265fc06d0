import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { href } from '../../router.ts';

/**
 * What everyone sees once the chair has ended the meeting: that it is over, and the way to
 * its page, where the roll call, the speaker log and the documents are. No way back in:
 * there is no room to go back to.
 */
export function endedView(meetingId: string): HTMLElement {
  return h(
    'section',
    { class: 'live-ended', 'data-ended': true, 'aria-labelledby': 'live-ended-title' },
    h('h2', { id: 'live-ended-title', class: 'live-ended-title', tabindex: '-1' }, t('live.ended.title')),
    h('p', { class: 'muted' }, t('live.ended.lead')),
    h('a', { class: 'button button--primary', href: href(`/meetings/${meetingId}`) }, t('live.ended.back')),
  );
}
