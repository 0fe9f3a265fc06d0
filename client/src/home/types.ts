/** GET /api/me/agenda, derived from the server's schema (types only). */
import type { Static } from 'typebox';
import type { AgendaItem as AgendaItemSchema, AgendaResponse as AgendaResponseSchema, agendaRelations } from '../../../server/meetings/agenda-schemas.ts';

export type AgendaResponse = Static<typeof AgendaResponseSchema>;
export type AgendaEntry = Static<typeof AgendaItemSchema>;
export type AgendaRelation = (typeof agendaRelations)[number];
