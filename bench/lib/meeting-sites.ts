import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { hashPassword } from '../../server/auth/passwords.ts';
import { sessions, users } from '../../server/auth/schema.ts';
import { SESSION_COOKIE, sessionIdOf } from '../../server/auth/sessions.ts';
import type { Db } from '../../server/db/client.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { bodies, units } from '../../server/units/schema.ts';

export const BENCH_PASSWORD = 'bench-mat-khau-dai';

export interface BenchMeeting {
  meetingId: string;
  title: string;
  /** The chủ trì's account (the convening body's), signed in. */
  chair: { username: string; cookie: string };
  /** One signed-in participant account per invited site, in invitation order. */
  sites: { username: string; bodyId: string; cookie: string }[];
}

const BATCH = 500;

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * A started-able meeting of `total` sites (the chủ trì's own site included), made fast: real
 * units and bodies of the registry, one account per site with one password hash computed once,
 * sessions written straight to the table (the socket handshake that reads them is the real one).
 * When one province has enough communes it is that province's meeting with its communes;
 * otherwise the Government Office's with the 34 provinces' UBND, then communes' UBND in code
 * order (total 3,356 = the national meeting: centre + 34 provinces + 3,321 communes).
 * The meeting started five minutes ago, so sites come straight in once the chủ trì starts it.
 */
export async function createBenchMeeting(db: Db, total: number, tag: string): Promise<BenchMeeting> {
  const current = isNull(units.effectiveTo);
  const provinces = await db.select({ code: units.code, name: units.name }).from(units).where(and(eq(units.level, 'province'), current)).orderBy(asc(units.code));
  const communes = await db.select({ code: units.code, parent: units.parentCode }).from(units).where(and(eq(units.level, 'commune'), current)).orderBy(asc(units.code));
  const need = total - 1;
  const byProvince = new Map<string, string[]>();
  for (const c of communes) byProvince.set(c.parent!, [...(byProvince.get(c.parent!) ?? []), c.code]);
  const fitting = [...byProvince.entries()].filter(([, list]) => list.length >= need).sort((a, b) => a[1].length - b[1].length)[0];
  const convener = fitting
    ? { bodyId: `${fitting[0]}:vp_ubnd`, unitCode: fitting[0], kind: 'giao_ban' as const, title: `Giao ban trực tuyến với ${need} xã, phường`, chairName: 'Chủ tịch UBND tỉnh' }
    : { bodyId: 'TW:vpcp', unitCode: 'TW', kind: 'so_ket_tong_ket' as const, title: `Hội nghị trực tuyến toàn quốc (${need} điểm cầu)`, chairName: 'Thủ tướng Chính phủ' };
  const siteUnits = fitting ? fitting[1] : [...provinces.map((p) => p.code), ...communes.map((c) => c.code)];
  if (siteUnits.length < need) throw new Error(`the registry has ${siteUnits.length} sites, ${need} asked`);
  const siteBodies = siteUnits.slice(0, need).map((code) => `${code}:ubnd`);
  const names = new Map((await db.select({ id: bodies.id, name: bodies.name, unitCode: bodies.unitCode }).from(bodies)).map((b) => [b.id, b]));

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const accounts = [
    { username: `chair.${tag}`, passwordHash, fullName: convener.chairName, bodyId: convener.bodyId, role: 'convener' as const },
    ...siteBodies.map((bodyId, i) => ({ username: `site${i}.${tag}`, passwordHash, fullName: `Điểm cầu ${i + 1}`, bodyId, role: 'participant' as const })),
  ];
  const ids = new Map<string, string>();
  await inBatches(accounts, async (batch) => {
    for (const row of await db.insert(users).values(batch).returning({ id: users.id, username: users.username })) ids.set(row.username, row.id);
  });
  const expiresAt = new Date(Date.now() + 12 * 3600_000);
  const tokens = accounts.map(() => randomBytes(32).toString('base64url'));
  await inBatches(accounts.map((a, i) => ({ id: sessionIdOf(tokens[i]!), userId: ids.get(a.username)!, expiresAt })), (batch) => db.insert(sessions).values(batch));

  const startsAt = new Date(Date.now() - 5 * 60_000);
  const [meeting] = await db.insert(meetings).values({
    convenerBodyId: convener.bodyId, unitCode: convener.unitCode, kind: convener.kind, form: 'truc_tuyen', title: convener.title,
    chairName: convener.chairName, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3600_000), status: 'invited',
  }).returning({ id: meetings.id });
  await inBatches(siteBodies, (batch) => db.insert(meetingInvitees).values(batch.map((bodyId) => ({
    meetingId: meeting!.id, bodyId, unitCode: names.get(bodyId)!.unitCode, bodyName: names.get(bodyId)!.name, rsvp: 'accepted' as const,
  }))));
  const cookie = (i: number) => `${SESSION_COOKIE}=${tokens[i]}`;
  return {
    meetingId: meeting!.id,
    title: convener.title,
    chair: { username: accounts[0]!.username, cookie: cookie(0) },
    sites: siteBodies.map((bodyId, i) => ({ username: accounts[i + 1]!.username, bodyId, cookie: cookie(i + 1) })),
  };
}
