import { t } from '../../i18n/index.ts';

/** The account's name, and a typed name only as a self-declared label: "Phạm Văn Đức · Nguyễn Văn A (tự khai)". */
export function shownName(displayName: string, declaredName: string | null | undefined): string {
  return declaredName ? `${displayName} · ${declaredName} (${t('live.selfDeclared')})` : displayName;
}
