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
    actsFor: [],
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

  it('gives a sibling body of the same unit no way into the live room, as chair or past the lobby', () => {
    const healthConvener = user('convener', '42:so_yt', '42', 'province');
    expect(can(units, healthConvener, 'meeting:read', provinceMeeting)).toBe(true);
    expect(can(units, healthConvener, 'meeting:join', provinceMeeting)).toBe(false);
    expect(can(units, healthConvener, 'meeting:chair', provinceMeeting)).toBe(false);
    expect(can(units, healthConvener, 'meeting:host', provinceMeeting)).toBe(false);
    expect(can(units, healthConvener, 'meeting:manage', provinceMeeting)).toBe(false);
    expect(can(units, healthConvener, 'report:read', provinceMeeting)).toBe(false);
    // Invited, it joins as a participant like any other invited body.
    const invitedHealth: Resource = { ...provinceMeeting, invitedBodyIds: ['42:so_yt'] };
    expect(can(units, healthConvener, 'meeting:join', invitedHealth)).toBe(true);
    expect(can(units, healthConvener, 'meeting:chair', invitedHealth)).toBe(false);
  });

  it('lets a delegate act for its principal, and the named chair chair, but not the reverse', () => {
    const office = { ...provinceConvener, actsFor: [{ principalBodyId: '42:ubnd', wording: 'TL.' as const, signerOf: 'Chủ tịch' }] };
    const ubndMeeting: Resource = { kind: 'meeting', unitCode: '42', convenerBodyId: '42:ubnd', chairUserId: 'chair-1' };
    expect(can(units, office, 'meeting:create', ubndMeeting)).toBe(true);
    expect(can(units, office, 'meeting:chair', ubndMeeting)).toBe(true);
    expect(can(units, provinceConvener, 'meeting:create', ubndMeeting)).toBe(false);
    const ubndConvener = user('convener', '42:ubnd', '42', 'province');
    expect(can(units, ubndConvener, 'meeting:manage', provinceMeeting)).toBe(false);
    const chair = { ...user('convener', '42:so_yt', '42', 'province'), id: 'chair-1' };
    expect(can(units, chair, 'meeting:chair', ubndMeeting)).toBe(true);
    expect(can(units, chair, 'meeting:manage', ubndMeeting)).toBe(false);
  });

  it('lets the province read its communes’ reports but not an invited commune read the province’s', () => {
    const provinceObserver = user('observer', '42:ubnd', '42', 'province');
    const communeMeeting: Resource = { kind: 'meeting', unitCode: '18562', convenerBodyId: '18562:ubnd' };
    expect(can(units, provinceObserver, 'report:read', communeMeeting)).toBe(true);
    expect(can(units, communeUser, 'report:read', provinceMeeting)).toBe(false);
  });
});
