import { describe, expect, it } from 'vitest';
import { can, type Resource } from '../../server/auth/policy.ts';
import type { SessionUser } from '../../server/auth/session-user.ts';
import { UnitIndex } from '../../server/units/unit-index.ts';

const units = new UnitIndex([
  { code: 'TW', level: 'central', type: 'trung_uong', name: 'Trung ương', shortName: 'Trung ương', parentCode: null },
  { code: '42', level: 'province', type: 'tinh', name: 'Tỉnh Hà Tĩnh', shortName: 'Hà Tĩnh', parentCode: 'TW' },
  { code: '01', level: 'province', type: 'thanh_pho', name: 'Thành phố Hà Nội', shortName: 'Hà Nội', parentCode: 'TW' },
  { code: '18562', level: 'commune', type: 'xa', name: 'Xã Thạch Hà', shortName: 'Thạch Hà', parentCode: '42' },
  { code: '00004', level: 'commune', type: 'phuong', name: 'Phường Ba Đình', shortName: 'Ba Đình', parentCode: '01' },
]);

function user(role: SessionUser['role'], bodyId: string, unitCode: string, level: SessionUser['unit']['level']): SessionUser {
  return {
    id: `${bodyId}-${role}`, username: role, fullName: role, position: '', role,
    body: { id: bodyId, name: bodyId, shortName: bodyId, symbol: 'UBND', unitCode },
    unit: { code: unitCode, name: unitCode, shortName: unitCode, level },
  };
}

const provinceConvener = user('convener', '42:vp_ubnd', '42', 'province');
const communeUser = user('participant', '18562:ubnd', '18562', 'commune');
const communeConvener = user('convener', '18562:ubnd', '18562', 'commune');
const provinceMeeting: Resource = { kind: 'meeting', unitCode: '42', convenerBodyId: '42:vp_ubnd', invitedBodyIds: ['18562:ubnd'] };
const haNoiMeeting: Resource = { kind: 'meeting', unitCode: '01', convenerBodyId: '01:vp_ubnd', invitedBodyIds: ['00004:ubnd'] };

describe('authorization policy', () => {
  it('lets a province convener create and manage its own meetings only', () => {
    expect(can(units, provinceConvener, 'meeting:create', provinceMeeting)).toBe(true);
    expect(can(units, provinceConvener, 'meeting:manage', provinceMeeting)).toBe(true);
    expect(can(units, provinceConvener, 'meeting:create', haNoiMeeting)).toBe(false);
    expect(can(units, provinceConvener, 'meeting:read', haNoiMeeting)).toBe(false);
  });

  it('does not let a commune create a province meeting', () => {
    expect(can(units, communeConvener, 'meeting:create', provinceMeeting)).toBe(false);
    expect(can(units, communeUser, 'meeting:create', provinceMeeting)).toBe(false);
    expect(can(units, communeConvener, 'meeting:create', { kind: 'meeting', unitCode: '18562', convenerBodyId: '18562:ubnd' })).toBe(true);
  });

  it('lets an invited commune read, join and answer, but not manage', () => {
    expect(can(units, communeUser, 'meeting:read', provinceMeeting)).toBe(true);
    expect(can(units, communeUser, 'meeting:join', provinceMeeting)).toBe(true);
    expect(can(units, communeUser, 'meeting:rsvp', provinceMeeting)).toBe(true);
    expect(can(units, communeUser, 'meeting:manage', provinceMeeting)).toBe(false);
    expect(can(units, communeUser, 'meeting:chair', provinceMeeting)).toBe(false);
  });

  it("keeps a commune out of another province's meetings", () => {
    expect(can(units, communeUser, 'meeting:read', haNoiMeeting)).toBe(false);
    expect(can(units, communeUser, 'meeting:join', haNoiMeeting)).toBe(false);
  });

  it('scopes unit actions to the subtree', () => {
    const admin = user('admin', '42:ubnd', '42', 'province');
    expect(can(units, admin, 'users:manage', { kind: 'unit', unitCode: '18562' })).toBe(true);
    expect(can(units, admin, 'users:manage', { kind: 'unit', unitCode: '00004' })).toBe(false);
    expect(can(units, provinceConvener, 'users:manage', { kind: 'unit', unitCode: '42' })).toBe(false);
  });
});
