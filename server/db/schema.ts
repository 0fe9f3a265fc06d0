// Every table, for drizzle-kit and for typed queries. Tables live with their capability.
export * from '../units/schema.ts';
export * from '../auth/schema.ts';
export * from '../meetings/schema.ts';
export * from '../live/schema.ts';
export * from '../attendance/schema.ts';
export * from '../invitations/schema.ts';
export * from '../notifications/schema.ts';
export * from '../documents/schema.ts';
