import { Type, type TSchema, type TUnion, type TNull, type TUnsafe } from 'typebox';

/** A string enum as JSON Schema `enum` (reads well in OpenAPI and keeps the literal type). */
export function StringEnum<const T extends readonly string[]>(values: T, options: { default?: T[number]; description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** `T` or null. */
export function Nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()]);
}

/**
 * A list offset: bounded, because ajv lets any integer through and one past PostgreSQL's
 * bigint (`?offset=3e38`) failed in the database with 500.
 */
export const Offset = Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 });

/**
 * A day, yyyy-MM-dd, that the calendar has (`format: 'date'`, checked by fastify's ajv and by
 * TypeBox's Value alike): a pattern of digits let "5695-88-99" through to the date arithmetic,
 * which failed with 500.
 */
export const IsoDate = Type.String({ format: 'date', description: 'yyyy-MM-dd (a day in Vietnam)' });
