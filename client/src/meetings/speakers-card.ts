import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { clockVN } from '../time.ts';
import { pollReport } from './report-poll.ts';
import type { MeetingDetail, SpeakerEntry, SpeakerLog } from './types.ts';

const duration = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** Who had the floor, from which site, when and for how long (for the minutes); own site only for an invited body. */
export function speakersCard(m: MeetingDetail): HTMLElement {
  const live = m.status === 'live';
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('app.loading')));
  const section = card(t('spk.title'), body);
  section.classList.add('speakers-card');
  let loaded = false;
  pollReport(section, live, async () => {
    try {
      const { items } = await api.get<SpeakerLog>(`/api/meetings/${m.id}/speakers`);
      body.replaceChildren(items.length === 0 ? h('p', { class: 'muted' }, t('spk.empty')) : list(items));
      loaded = true;
    } catch (err) {
      if (!loaded) body.replaceChildren(message('error', errorText(err)));
    }
  });
  return section;
}

function list(items: SpeakerEntry[]): HTMLElement {
  return h(
    'ol',
    { class: 'speaker-log' },
    items.map((s) =>
      h(
        'li',
        { class: 'speaker-entry', 'data-site': s.siteId },
        h('span', { class: 'speaker-time' }, clockVN(s.grantedAt)),
        h('span', { class: 'speaker-who' }, h('strong', null, s.speakerName), h('span', { class: 'muted' }, ` · ${s.siteName}`)),
        h('span', { class: 'speaker-duration' },
          s.durationSeconds === null ? t('spk.speaking') : duration(s.durationSeconds),
          s.endedBy ? h('span', { class: 'muted' }, ` · ${t(`spk.end.${s.endedBy}` as const)}`) : ''),
      ),
    ),
  );
}
