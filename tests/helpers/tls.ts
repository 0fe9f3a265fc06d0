import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  /** The CA's certificate (PEM file): what browsers and clients are told to trust. */
  caFile: string;
  caPem: string;
  /** A server certificate for every name asked for, signed by the CA: chain (leaf + CA) and key, as an operator installs them. */
  fullchain: string;
  privkey: string;
}

/**
 * A certificate authority made for one test, and a server certificate for `names` signed by it
 * (openssl CLI). Nothing is trusted system-wide: each client is given the CA on its own.
 * The files are world-readable except the key (mode 0640), as on a server.
 */
export async function makeTestCa(dir: string, names: string[]): Promise<TestCa> {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const file = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/O=hopso tests/CN=hopso test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await run('openssl', ['req', ...ec, '-keyout', file('privkey.pem'), '-out', file('server.csr'), '-subj', `/CN=${names[0]}`]);
  writeFileSync(file('server.ext'), [
    `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
  ].join('\n'));
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-out', file('cert.pem'), '-days', '2', '-extfile', file('server.ext')]);
  const caPem = readFileSync(file('ca.pem'), 'utf8');
  writeFileSync(file('fullchain.pem'), readFileSync(file('cert.pem'), 'utf8') + caPem);
  chmodSync(file('privkey.pem'), 0o640);
  return { caFile: file('ca.pem'), caPem, fullchain: file('fullchain.pem'), privkey: file('privkey.pem') };
}

/**
 * A HOME whose NSS database (what Chromium on Linux trusts besides the system's roots)
 * trusts the test CA for websites: certutil from Debian's libnss3-tools.
 */
export async function nssHomeTrusting(home: string, ca: TestCa): Promise<string> {
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  mkdirSync(join(home, '.pki', 'nssdb'), { recursive: true });
  await run('certutil', ['-d', db, '-N', '--empty-password']);
  await run('certutil', ['-d', db, '-A', '-t', 'C,,', '-n', 'hopso test CA', '-i', ca.caFile]);
  return home;
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTPS request to `name` at `address` (no DNS in the tests), trusting only the test CA:
 * the certificate is checked against the name, as a browser would.
 */
export function httpsRequest(ca: TestCa, address: string, url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpsAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: address, port: Number(target.port || 443), path: `${target.pathname}${target.search}`, method: opts.method ?? 'GET',
      servername: target.hostname, ca: ca.caPem, headers: { host: target.host, ...opts.headers }, timeout: 15_000,
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer in 15 s`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
