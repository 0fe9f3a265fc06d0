import { Type, type TSchema, type TUnion, type TNull, type TUnsafe } from 'typebox';

/** A string enum as JSON Schema `enum` (reads well in OpenAPI and keeps the literal type). */
export function StringEnum<const T extends readonly string[]>(values: T, options: { default?: T[number]; description?: string } = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** `T` or null. */
export function Nullable<T extends TSchema>(schema: T): TUnion<[T, TNull]> {
  return Type.Union([schema, Type.Null()]);
}
