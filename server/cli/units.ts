import fs from 'node:fs';
import { Value } from 'typebox/value';
import path from 'node:path';
import { applyChangeSet, loadRegistry, previewChangeSet } from '../units/changes/apply.ts';
import { changeSetFromDataset, readDataset } from '../units/changes/dataset.ts';
import { ChangeSet, type Plan } from '../units/changes/format.ts';
import { parseOptions, UsageError, type CommandContext } from './args.ts';
import { openConfigured } from './migrate.ts';

/** A change set file, checked against its schema: every mistake named with where it is. */
export function readChangeSet(file: string): ChangeSet {
  const raw = readJson(file);
  if (!Value.Check(ChangeSet, raw)) {
    const errors = Value.Errors(ChangeSet, raw).slice(0, 20).map((e) => `  ${e.instancePath || '/'}: ${e.message}`);
    throw new UsageError(`${file} không đúng định dạng thay đổi đơn vị (docs/operations.md): / is not a change set:\n${errors.join('\n')}`);
  }
  return raw;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new UsageError(`Không đọc được ${file}: / Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const state = (s: { name: string; parentCode: string | null }) => `${s.name}${s.parentCode ? ` [${s.parentCode}]` : ''}`;

/** The plan as an operator reads it: one line per change. */
export function formatPlan(plan: Plan): string {
  const lines = [`Thay đổi / Change set: ${plan.name} — hiệu lực từ / effective ${plan.effectiveFrom} (id ${plan.id.slice(0, 12)})`];
  if (plan.appliedAt) return [...lines, `Đã áp dụng lúc / already applied at ${plan.appliedAt}: không có gì thay đổi. / Nothing changes.`].join('\n');
  for (const op of plan.ops) {
    if (op.op === 'add') lines.push(`+ ${op.code} ${state(op.after)} (mới / added)`);
    else if (op.op === 'change') lines.push(`~ ${op.code} ${state(op.before)} → ${state(op.after)}`);
    else lines.push(`- ${op.code} ${op.name} chấm dứt / ceases${op.successorCode ? ` → ${op.successorCode} ${op.successorName ?? ''}` : ''}`);
  }
  const s = plan.summary;
  lines.push(`Thêm ${s.added}, đổi ${s.changed}, chấm dứt ${s.ceased}, đã như vậy ${s.unchanged}. / Added ${s.added}, changed ${s.changed}, ceased ${s.ceased}, already so ${s.unchanged}.`);
  for (const e of plan.errors) lines.push(`LỖI / ERROR: ${e}`);
  return lines.join('\n');
}

async function withChangeSet(args: string[], config: CommandContext['config'], run: (db: Awaited<ReturnType<typeof openConfigured>>['db'], set: ChangeSet) => Promise<number>): Promise<number> {
  const { options, rest } = parseOptions(args);
  if (rest.length !== 1) throw new UsageError('units preview|apply needs one FILE.json (a change set, docs/operations.md)');
  const file = rest[0]!;
  // A later edition of the whole list (the package's JSON) is turned into the change set that leads to it.
  const dataset = readDataset(readJson(file));
  const effectiveFrom = options.get('effective-from');
  if (dataset && !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom ?? '')) throw new UsageError(`${file} is a full list of units: say when it takes effect with --effective-from YYYY-MM-DD`);
  const set = dataset ? null : readChangeSet(file);
  const database = await openConfigured(config);
  try {
    return await run(database.db, set ?? changeSetFromDataset(await loadRegistry(database.db), dataset!, effectiveFrom!, options.get('name') ?? path.basename(file)));
  } finally {
    await database.close();
  }
}

/** `hopso units preview FILE`: what the change set would change; changes nothing. Status 1 when it cannot be applied. */
export function unitsPreviewCommand({ args, config }: CommandContext): Promise<number> {
  return withChangeSet(args, config, async (db, set) => {
    const plan = await previewChangeSet(db, set);
    console.log(formatPlan(plan));
    return plan.errors.length > 0 ? 1 : 0;
  });
}

/** `hopso units apply FILE`: applies it in one transaction; applied before, it changes nothing. */
export function unitsApplyCommand({ args, config }: CommandContext): Promise<number> {
  return withChangeSet(args, config, async (db, set) => {
    const preview = await previewChangeSet(db, set);
    if (preview.errors.length > 0) {
      console.error(formatPlan(preview));
      return 1;
    }
    const plan = await applyChangeSet(db, set);
    console.log(formatPlan(plan));
    if (!plan.appliedAt) console.log('Đã áp dụng. Khởi động lại dịch vụ để máy chủ đọc lại danh mục (systemctl restart hopso). / Applied. Restart the service so the server reads the registry again.');
    return 0;
  });
}
