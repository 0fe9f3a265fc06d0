/** What an account may do within its scope (policy.ts). Pure, so the browser client can use it. */
export const roles = ['admin', 'convener', 'secretary', 'participant', 'observer'] as const;
export type Role = (typeof roles)[number];
