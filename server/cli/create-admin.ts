import readline from 'node:readline';
import { createUser } from '../auth/users.ts';
import { findBody } from '../units/queries.ts';
import { parseOptions, UsageError, type CommandContext } from './args.ts';
import { openConfigured } from './migrate.ts';

/** Passwords no production server accepts: the demo's, and the usual first guesses. */
const DEFAULT_PASSWORDS = ['hopso-demo', 'password', 'matkhau', 'admin', 'administrator', '123456', '12345678', '1234567890', 'qwerty', 'hopso', 'changeme'];

/** Why a password is refused, or null. Production wants 12 characters and nothing guessable. */
export function passwordProblem(password: string, username: string, production: boolean): string | null {
  if (password.length < 10) return 'Mật khẩu cần ít nhất 10 ký tự. / The password needs at least 10 characters.';
  if (!production) return null;
  const folded = password.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (password.length < 12) return 'Trên máy chủ thật, mật khẩu cần ít nhất 12 ký tự. / In production the password needs at least 12 characters.';
  if (DEFAULT_PASSWORDS.some((d) => folded.includes(d.replace(/[^a-z0-9]/g, ''))) || folded.includes(username.toLowerCase().replace(/[^a-z0-9]/g, ''))) {
    return 'Mật khẩu mặc định hoặc dễ đoán; hãy chọn mật khẩu khác. / A default or guessable password; choose another.';
  }
  return null;
}

/**
 * Reads the password and its confirmation: hidden on a terminal, or two lines of standard
 * input (a script, a test). Never from the command line, where it would stay in the history.
 */
async function askPassword(): Promise<[string, string]> {
  const tty = process.stdin.isTTY;
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string) => {
    if (tty) {
      process.stdout.write(prompt);
      // Hide the typing: echo nothing back while the line is read.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    }
    const next = await lines.next();
    if (tty) process.stdout.write('\n');
    return next.done ? '' : String(next.value);
  };
  try {
    return [await ask('Mật khẩu / Password: '), await ask('Nhập lại / Again: ')];
  } finally {
    rl.close();
  }
}

export async function createAdminCommand({ args, config }: CommandContext): Promise<number> {
  const { options } = parseOptions(args);
  const username = options.get('username');
  const bodyId = options.get('body');
  const fullName = options.get('name');
  if (!username || !bodyId || !fullName) throw new UsageError('create-admin needs --username, --body and --name');
  if (!/^[a-zA-Z0-9._-]{3,50}$/.test(username)) throw new UsageError(`"${username}" is not a valid username (3-50 letters, digits, . _ -)`);
  const [password, again] = await askPassword();
  if (password !== again) throw new UsageError('Hai lần nhập mật khẩu không khớp. / The two passwords differ.');
  const problem = passwordProblem(password, username, config.NODE_ENV === 'production');
  if (problem) throw new UsageError(problem);
  const database = await openConfigured(config);
  try {
    await findBody(database.db, bodyId);
    const user = await createUser(database.db, {
      username, password, fullName, bodyId, role: 'admin', position: options.get('position'), email: options.get('email'),
    });
    console.log(`Đã tạo quản trị viên ${user.username} (${bodyId}). / Administrator ${user.username} created.`);
    return 0;
  } finally {
    await database.close();
  }
}
