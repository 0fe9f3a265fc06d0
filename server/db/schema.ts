// Every table, for drizzle-kit and for typed queries. Tables live with their capability.
export * from '../units/schema.ts';
export * from '../auth/schema.ts';
export * from '../meetings/schema.ts';
