import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject } from 'vitest';
import type { DbKind } from '../../server/db/client.ts';
import { TEST_SIGNING_SECRET } from './app.ts';

export const HOPSO_BIN = fileURLToPath(new URL('../../bin/hopso', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `hopso <args>` as an operator would (the npm bin), with `env` on top of a clean environment, `input` on stdin. */
export function hopso(args: string[], env: Record<string, string>, input = '', timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(HOPSO_BIN, args, {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', LOG_LEVEL: 'warn', SIGNING_KEY_SECRET: TEST_SIGNING_SECRET, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

export const tempDir = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hopso-${tag}-`));

/**
 * A database the CLI can open on its own, as on a server: a PGlite DATA_DIR made from the run's
 * migrated snapshot, or a new PostgreSQL database (from the run's template, or empty).
 */
export async function cliDatabase(kind: DbKind, opts: { empty?: boolean } = {}): Promise<{ env: Record<string, string>; dataDir: string; url?: string; drop(): Promise<void> }> {
  const dataDir = tempDir('data');
  if (kind === 'pglite') {
    if (!opts.empty) {
      const snapshot = inject('pgliteSnapshot');
      const client = await PGlite.create(dataDir, snapshot ? { loadDataDir: new Blob([fs.readFileSync(snapshot)]) } : {});
      await client.close();
    }
    return { env: { DATA_DIR: dataDir }, dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env['TEST_DATABASE_URL']!;
  const name = `hopso_cli_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const template = inject('pgTemplate');
  await admin.unsafe(template && !opts.empty ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() }, dataDir, url: url.toString(),
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
