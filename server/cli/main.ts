import { ConfigError, loadConfig, type Config } from '../config.ts';
import { UsageError, type CommandContext } from './args.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { createAdminCommand } from './create-admin.ts';
import { importAgencyIdsCommand } from './agency-ids.ts';
import { migrateCommand } from './migrate.ts';
import { unitsApplyCommand, unitsPreviewCommand } from './units.ts';


const USAGE = `Usage: hopso <command> [options]

  start                         run the server (what the systemd unit runs)
  migrate                       apply database migrations and the unit registry, then exit
  create-admin --username U --body BODY_ID --name "Họ và tên" [--position P] [--email E]
                                create an administrator; asks for the password (twice)
  import-agency-ids FILE.csv    set bodies' edXML agency ids from "bodyId,organId" lines
  backup [--out DIR]            database, uploaded files and the signing-key secret into DIR
  restore DIR                   into an empty database (and DATA_DIR), from a backup
  units preview FILE.json       what a change set (units merged, renamed, added, ceased) would change;
                                FILE may be a later full list (the package's JSON) with --effective-from DATE
  units apply FILE.json         apply it in one transaction (again: nothing changes); then restart

Settings: the environment, and HOPSO_ENV_FILE (e.g. /etc/hopso/hopso.env) when set.`;

const commands: Record<string, (ctx: CommandContext) => Promise<number>> = {
  migrate: migrateCommand,
  'create-admin': createAdminCommand,
  'import-agency-ids': importAgencyIdsCommand,
  backup: backupCommand,
  restore: restoreCommand,
  units: (ctx) => {
    const [sub, ...args] = ctx.args;
    if (sub === 'preview') return unitsPreviewCommand({ ...ctx, args });
    if (sub === 'apply') return unitsApplyCommand({ ...ctx, args });
    throw new UsageError('hopso units preview|apply FILE.json');
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(USAGE);
    return name ? 0 : 2;
  }
  if (process.env['HOPSO_ENV_FILE']) process.loadEnvFile(process.env['HOPSO_ENV_FILE']);
  if (name === 'start') {
    await import('../main.ts');
    return -1;
  }
  const command = commands[name];
  if (!command) {
    console.error(`hopso: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  return command({ args, config });
}

main(process.argv.slice(2)).then(
  (code) => {
    // start keeps running; every other command exits with its status.
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`hopso: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
