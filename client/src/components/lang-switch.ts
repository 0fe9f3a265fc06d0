import { h } from '../dom.ts';
import { getLang, languages, setLang, t, type Lang } from '../i18n/index.ts';

const labels: Record<Lang, string> = { vi: 'VI', en: 'EN' };

/**
 * VI | EN toggle. Each button names its language in that language ("Tiếng Việt",
 * "English") for screen readers and the tooltip, so it is findable whatever is active.
 */
export function langSwitch(): HTMLElement {
  const current = getLang();
  return h(
    'div',
    { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    languages.map((lang) =>
      h(
        'button',
        {
          type: 'button',
          class: 'lang-option',
          lang,
          title: t(lang === 'vi' ? 'lang.vi' : 'lang.en'),
          'aria-pressed': String(lang === current),
          on: { click: () => setLang(lang) },
        },
        labels[lang],
      ),
    ),
  );
}
