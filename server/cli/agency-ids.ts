import fs from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import { bodies } from '../units/schema.ts';
import { parseOptions, UsageError, type CommandContext } from './args.ts';
import { openConfigured } from './migrate.ts';

/** An edXML agency code (mã định danh, QCVN 102:2016), e.g. 000.00.31.H49. */
const AGENCY_ID = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$/;

/**
 * Lines "bodyId,organId" (a header line naming them is skipped; blank lines and # comments
 * too). Every line is checked before anything is stored; one bad line stores nothing.
 */
export function parseAgencyCsv(text: string): { pairs: Map<string, string>; errors: string[] } {
  const pairs = new Map<string, string>();
  const errors: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || (i === 0 && /^"?body_?id"?\s*,/i.test(line))) return;
    const [bodyId, organId, ...extra] = line.split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    if (!bodyId || !organId || extra.length > 0) errors.push(`line ${i + 1}: expected "bodyId,organId"`);
    else if (!AGENCY_ID.test(organId)) errors.push(`line ${i + 1}: "${organId}" is not an agency code like 000.00.31.H49`);
    else if (pairs.has(bodyId) && pairs.get(bodyId) !== organId) errors.push(`line ${i + 1}: ${bodyId} given twice`);
    else pairs.set(bodyId, organId);
  });
  return { pairs, errors };
}

export async function importAgencyIdsCommand({ args, config }: CommandContext): Promise<number> {
  const { rest } = parseOptions(args);
  const file = rest[0];
  if (!file) throw new UsageError('import-agency-ids needs the CSV file');
  const { pairs, errors } = parseAgencyCsv(fs.readFileSync(file, 'utf8'));
  const database = await openConfigured(config);
  try {
    const ids = [...pairs.keys()];
    const known = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      for (const row of await database.db.select({ id: bodies.id }).from(bodies).where(inArray(bodies.id, ids.slice(i, i + 1000)))) known.add(row.id);
    }
    for (const id of ids) if (!known.has(id)) errors.push(`unknown body "${id}"`);
    if (errors.length > 0) {
      console.error(`Nothing imported; fix these first:\n  ${errors.slice(0, 50).join('\n  ')}${errors.length > 50 ? `\n  … and ${errors.length - 50} more` : ''}`);
      return 1;
    }
    await database.db.transaction(async (tx) => {
      for (const [id, organId] of pairs) await tx.update(bodies).set({ agencyId: organId }).where(eq(bodies.id, id));
    });
    console.log(`Agency codes set for ${pairs.size} bodies.`);
    return 0;
  } finally {
    await database.close();
  }
}
