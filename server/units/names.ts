import type { units } from './schema.ts';

export type UnitType = (typeof units.$inferSelect)['type'];

const communeTypes = { Xã: 'xa', Phường: 'phuong', 'Đặc khu': 'dac_khu' } as const;

/** A commune's type from its name: "Xã Thạch Hà" → xa, "Phường Thành Sen" → phuong. */
export function communeType(name: string): UnitType {
  for (const [prefix, type] of Object.entries(communeTypes)) if (name.startsWith(prefix + ' ')) return type;
  throw new Error(`Unknown commune type in "${name}"`);
}

/** A province-level unit's type from its name: "Thành phố Huế" → thanh_pho, "Tỉnh Hà Tĩnh" → tinh. */
export function provinceType(name: string): UnitType {
  if (name.startsWith('Thành phố ')) return 'thanh_pho';
  if (name.startsWith('Tỉnh ')) return 'tinh';
  throw new Error(`Unknown province type in "${name}"`);
}

/** "Xã Thạch Hà" → "Thạch Hà"; "Thành phố Hà Nội" → "Hà Nội". */
export function withoutPrefix(name: string): string {
  return name.replace(/^(Thành phố|Tỉnh|Xã|Phường|Đặc khu) /, '');
}
