import { Type, type Static } from 'typebox';
import { IsoDate, Nullable, StringEnum } from '../../lib/schema.ts';
import { UnitType } from '../schemas.ts';

const Code = Type.String({ pattern: '^[0-9]{2}([0-9]{3})?$', description: 'Province (2 digits) or commune (5 digits) code' });
const Name = Type.String({ minLength: 3, maxLength: 120, pattern: '^(Tỉnh|Thành phố|Xã|Phường|Đặc khu) \\S' });

/**
 * A reorganisation of the registry, as an operator writes it from the resolution (nghị quyết)
 * that orders it. Everything takes effect on `effectiveFrom`. Types follow from the names
 * ("Thành phố …" is a centrally-run city, "Phường …" a ward). docs/operations.md has an example.
 */
export const ChangeSet = Type.Object(
  {
    name: Type.String({ minLength: 3, maxLength: 200, description: 'What orders it, e.g. "Nghị quyết 1234/NQ-UBTVQH15"' }),
    effectiveFrom: IsoDate,
    /** New units (a province's code is 2 digits, a commune's 5); a commune's parent is its province. */
    added: Type.Optional(Type.Array(Type.Object({ code: Code, name: Name, parent: Type.Optional(Code) }, { additionalProperties: false }), { maxItems: 5000 })),
    /** A new name, a new province (parent), or both; the code stays. */
    renamed: Type.Optional(Type.Array(Type.Object({ code: Code, name: Type.Optional(Name), parent: Type.Optional(Code) }, { additionalProperties: false }), { maxItems: 5000 })),
    /** Units merged into one (`into`: one of them, another existing unit, or one added above), optionally renamed. */
    merged: Type.Optional(Type.Array(Type.Object({
      from: Type.Array(Code, { minItems: 1, maxItems: 200 }), into: Code, name: Type.Optional(Name),
    }, { additionalProperties: false }), { maxItems: 5000 })),
    /** Units that cease; `successor` takes over their records (for a split: the one the resolution names). */
    ceased: Type.Optional(Type.Array(Type.Object({ code: Code, successor: Type.Optional(Code) }, { additionalProperties: false }), { maxItems: 5000 })),
  },
  { additionalProperties: false },
);
export type ChangeSet = Static<typeof ChangeSet>;

const UnitState = Type.Object({ name: Type.String(), shortName: Type.String(), type: UnitType, parentCode: Nullable(Type.String()) });
export type UnitState = Static<typeof UnitState>;

export const PlanOp = Type.Union([
  Type.Object({ op: Type.Literal('add'), code: Type.String(), level: StringEnum(['province', 'commune']), after: UnitState }),
  Type.Object({ op: Type.Literal('change'), code: Type.String(), before: UnitState, after: UnitState }),
  Type.Object({ op: Type.Literal('cease'), code: Type.String(), name: Type.String(), successorCode: Nullable(Type.String()), successorName: Nullable(Type.String()) }),
]);
export type PlanOp = Static<typeof PlanOp>;

export const Plan = Type.Object({
  id: Type.String({ description: 'sha256 of the change set: the same change set is applied once' }),
  name: Type.String(),
  effectiveFrom: IsoDate,
  /** When this change set was applied already (then nothing changes). */
  appliedAt: Nullable(Type.String()),
  ops: Type.Array(PlanOp),
  summary: Type.Object({ added: Type.Integer(), changed: Type.Integer(), ceased: Type.Integer(), unchanged: Type.Integer() }),
  /** What stops the change set from being applied; empty when it can be. */
  errors: Type.Array(Type.String()),
});
export type Plan = Static<typeof Plan>;
