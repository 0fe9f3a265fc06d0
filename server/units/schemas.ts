import { Type, type Static } from 'typebox';
import { Offset, StringEnum } from '../lib/schema.ts';

export const UnitLevel = StringEnum(['central', 'province', 'commune']);
export const UnitType = StringEnum(['trung_uong', 'thanh_pho', 'tinh', 'xa', 'phuong', 'dac_khu']);

export const UnitSummary = Type.Object({
  code: Type.String({ examples: ['42'] }),
  level: UnitLevel,
  type: UnitType,
  name: Type.String({ examples: ['Tỉnh Hà Tĩnh'] }),
  shortName: Type.String({ examples: ['Hà Tĩnh'] }),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  childCount: Type.Integer(),
});
export type UnitSummary = Static<typeof UnitSummary>;

export const UnitQuery = Type.Object(
  {
    level: Type.Optional(UnitLevel),
    parent: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{2,5}$', description: 'Code of the parent unit' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name (diacritics and case ignored) or code' })),
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
    offset: Offset,
  },
  { additionalProperties: false },
);
export type UnitQuery = Static<typeof UnitQuery>;

export const UnitList = Type.Object({ total: Type.Integer(), items: Type.Array(UnitSummary) });

export const Body = Type.Object({
  id: Type.String({ examples: ['42:ubnd'] }),
  unitCode: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  symbol: Type.String(),
  agencyId: Type.Union([Type.String(), Type.Null()]),
  parentBodyId: Type.Union([Type.String(), Type.Null()]),
});

export const UnitDetail = Type.Intersect([
  UnitSummary,
  Type.Object({
    effectiveFrom: Type.String({ format: 'date' }),
    effectiveTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    successorCode: Type.Union([Type.String(), Type.Null()]),
    /**
     * Set when the code asked for is no longer a unit's: a ceased unit (this is its successor) or
     * a pre-2025 commune, district or province code (this is what it became part of; for a
     * district, the province, with the new communes its communes became).
     */
    resolvedFrom: Type.Optional(Type.Object({
      code: Type.String(), name: Type.Union([Type.String(), Type.Null()]), districtName: Type.Union([Type.String(), Type.Null()]),
      level: Type.Union([Type.Literal('province'), Type.Literal('district'), Type.Literal('commune')]),
      effectiveTo: Type.Optional(Type.String({ format: 'date', description: 'The day a ceased unit stopped' })),
      communes: Type.Optional(Type.Array(Type.String())),
    })),
    /** The names, types and parents the unit had before, oldest first, each valid over [validFrom, validTo). */
    versions: Type.Array(Type.Object({ name: Type.String(), type: UnitType, parentCode: Type.Union([Type.String(), Type.Null()]), validFrom: Type.String({ format: 'date' }), validTo: Type.String({ format: 'date' }) })),
    /** Units that ceased into this one (merged into it): their records are shown under it. */
    predecessors: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), effectiveTo: Type.String({ format: 'date' }) })),
    bodies: Type.Array(Body),
  }),
]);

export const CodeParams = Type.Object({ code: Type.String({ pattern: '^[0-9A-Z]{2,5}$' }) });

export const BodyQuery = Type.Object(
  {
    unit: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{2,5}$', description: 'Bodies of this unit' })),
    kind: Type.Optional(Type.String({ pattern: '^[a-z_]{2,30}$', examples: ['ubnd'] })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name, diacritics and case ignored' })),
    limit: Type.Integer({ minimum: 1, maximum: 5000, default: 100 }),
    offset: Offset,
  },
  { additionalProperties: false },
);
export type BodyQuery = Static<typeof BodyQuery>;

export const BodyList = Type.Object({ total: Type.Integer(), items: Type.Array(Body) });
