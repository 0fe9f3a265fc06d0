import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Administrative units as versioned data (QĐ 19/2025 codes). A code is never reused:
 * a unit that ceases keeps its row with effective_to set and successor_code pointing on.
 */
export const units = pgTable(
  'units',
  {
    code: text('code').primaryKey(),
    level: text('level', { enum: ['central', 'province', 'commune'] }).notNull(),
    type: text('type', { enum: ['trung_uong', 'thanh_pho', 'tinh', 'xa', 'phuong', 'dac_khu'] }).notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    alphaCode: text('alpha_code'),
    parentCode: text('parent_code'),
    search: text('search').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    successorCode: text('successor_code'),
  },
  (t) => [index('units_parent_idx').on(t.parentCode), index('units_level_idx').on(t.level)],
);

/**
 * Pre-2025 codes and the post-reform unit each became part of: a commune → its new commune,
 * a province → its new province, a district → each new commune its communes became.
 */
export const unitMappings = pgTable(
  'unit_mappings',
  {
    id: serial('id').primaryKey(),
    oldCode: text('old_code').notNull(),
    oldLevel: text('old_level', { enum: ['province', 'district', 'commune'] }).notNull().default('commune'),
    oldName: text('old_name'),
    oldDistrictName: text('old_district_name'),
    oldProvinceName: text('old_province_name'),
    newCode: text('new_code').notNull(),
    effectiveDate: date('effective_date').notNull(),
  },
  (t) => [uniqueIndex('unit_mappings_old_new').on(t.oldCode, t.newCode), index('unit_mappings_new_idx').on(t.newCode)],
);

/**
 * How a body's documents are headed and signed (data from bodies.json). State bodies follow
 * NĐ 30/2020 (national heading, "Số: 05/GM-UBND"); Party committees follow Hướng dẫn
 * 36-HD/VPTW (party heading, "Số 05-GM/TU", T/M and K/T in the signer block).
 */
export interface BodyDocumentProfile {
  /** 'party' for Party committees; state otherwise. */
  heading?: 'state' | 'party';
  /** The top-left lines when they are not the parent body over the body ("Đảng bộ tỉnh Hà Tĩnh", "Tỉnh ủy"). */
  header?: string[];
  /** A collectively led body signs "TM. <collective>" ("Ủy ban nhân dân", "Ban Thường vụ"); absent for a head-led body. */
  collective?: string;
  /** The head's title: who signs without a prefix in a head-led body, and whom a deputy signs for (KT.). */
  head?: string;
  /** Drafting unit printed after "Lưu: VT," when the drafter belongs to the body itself. */
  office?: string;
}

/** Bodies (cơ quan) belong to units; meetings are convened by and invitations sent to bodies. */
export const bodies = pgTable(
  'bodies',
  {
    id: text('id').primaryKey(),
    unitCode: text('unit_code')
      .notNull()
      .references(() => units.code),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    /** Abbreviation used in document symbols, e.g. "UBND" in "07/GM-UBND". */
    symbol: text('symbol').notNull(),
    /** 13-character agency ID (e.g. 000.00.00.H49) where known. */
    agencyId: text('agency_id'),
    parentBodyId: text('parent_body_id'),
    search: text('search').notNull(),
    document: jsonb('document_profile').$type<BodyDocumentProfile>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('bodies_unit_idx').on(t.unitCode), index('bodies_kind_idx').on(t.kind)],
);

/** How a delegate body signs for its principal (NĐ 30/2020 Phụ lục I, mục 8). */
export const delegationWordings = ['TM.', 'KT.', 'TL.', 'TUQ.'] as const;

/**
 * A body that acts for another: it may convene and manage the principal's meetings, and its
 * signer writes "<wording> <signerOf>" above their own position (VP UBND tỉnh: "TL. CHỦ TỊCH").
 * Without a row here a body acts for itself only.
 */
export const bodyDelegations = pgTable(
  'body_delegations',
  {
    delegateBodyId: text('delegate_body_id').notNull().references(() => bodies.id),
    principalBodyId: text('principal_body_id').notNull().references(() => bodies.id),
    wording: text('wording', { enum: delegationWordings }).notNull(),
    /** Whom the signer signs for, e.g. "Chủ tịch" (the principal's head). */
    signerOf: text('signer_of').notNull(),
  },
  (t) => [primaryKey({ columns: [t.delegateBodyId, t.principalBodyId] }), index('body_delegations_principal_idx').on(t.principalBodyId)],
);

/**
 * The states a unit had before its current one (name, type, parent), each valid over
 * [valid_from, valid_to): the name a unit had on a date is the version covering that date,
 * or the units row itself after the last version.
 */
export const unitVersions = pgTable(
  'unit_versions',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().references(() => units.code),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    type: text('type', { enum: ['trung_uong', 'thanh_pho', 'tinh', 'xa', 'phuong', 'dac_khu'] }).notNull(),
    parentCode: text('parent_code'),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to').notNull(),
    changeSetId: text('change_set_id').notNull(),
  },
  (t) => [uniqueIndex('unit_versions_code_to').on(t.code, t.validTo)],
);

/** Change sets applied to the registry (a later reorganisation), so that applying one twice does nothing. */
export const unitChangeSets = pgTable('unit_change_sets', {
  /** sha256 of the change set's canonical JSON. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  effectiveFrom: date('effective_from').notNull(),
  summary: jsonb('summary').$type<Record<string, number>>().notNull(),
  appliedAt: timestamp('applied_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** One row per registry import, so a repeated start with unchanged data does nothing. */
export const registryImports = pgTable('registry_imports', {
  source: text('source').primaryKey(),
  checksum: text('checksum').notNull(),
  units: integer('units').notNull(),
  importedAt: timestamp('imported_at', { withTimezone: true }).notNull().default(sql`now()`),
});
