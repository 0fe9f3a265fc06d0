/**
 * Shapes the server returns, as the client relies on them. They mirror the server's
 * response schemas; the client never imports server code, so a drift shows up here.
 */

export type UnitLevel = 'central' | 'province' | 'commune';
export type UnitType = 'trung_uong' | 'thanh_pho' | 'tinh' | 'xa' | 'phuong' | 'dac_khu';

export interface UnitSummary {
  code: string;
  level: UnitLevel;
  type: UnitType;
  /** Full name with its type, e.g. "Tỉnh Hà Tĩnh", "Xã Thạch Hà". */
  name: string;
  /** Name without its type, e.g. "Hà Tĩnh". */
  shortName: string;
  parentCode: string | null;
  childCount: number;
}

export interface UnitPage {
  total: number;
  items: UnitSummary[];
}

export type Role = 'admin' | 'convener' | 'secretary' | 'participant' | 'observer';

export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  position: string;
  role: Role;
  body: { id: string; name: string; shortName: string; unitCode: string };
  unit: { code: string; name: string; level: UnitLevel };
}

/** Body of POST /api/auth/login and GET /api/auth/me. */
export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}
