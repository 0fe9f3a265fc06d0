import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Unavailable } from '../lib/errors.ts';

/** The file that keeps a generated secret for a local or demo install (never in production). */
export const SECRET_FILE = 'signing-key.secret';

/**
 * The secret that encrypts signing keys at rest: SIGNING_KEY_SECRET when set (production
 * must set it; config.ts refuses to start without it there), otherwise one generated once
 * into the data directory, readable by the server's user only.
 */
export function resolveSigningSecret(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, SECRET_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw err;
  }
}

/**
 * AES-256-GCM with a key derived from the secret (HKDF-SHA256). `context` (which row the key
 * belongs to) is authenticated too, so an encrypted key copied onto another row fails to open.
 */
export class KeyVault {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'hopso-signing-keys', 'aes-256-gcm v1', 32));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join('.');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    try {
      if (version !== 'v1' || !iv || !tag || !body) throw new Error('format');
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Unavailable(
        'Không mở được khóa ký số: SIGNING_KEY_SECRET khác với khi khóa được tạo. / A signing key cannot be opened: SIGNING_KEY_SECRET differs from the one it was created with.',
      );
    }
  }
}
