import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NetHost } from './netns.ts';
import { waitForOutput, type Started } from './host-process.ts';
import type { TestCa } from './tls.ts';

const SITE_FILE = new URL('../../ops/nginx-hopso.conf', import.meta.url);

/**
 * ops/nginx-hopso.conf with only what an operator fills in replaced: the server name and the
 * certificate paths (hopso stays on 127.0.0.1:3000 of its host, as the file says). Each
 * replaced value must be in the file: a changed file fails here rather than silently differ.
 */
export function nginxSiteFor(serverName: string, ca: TestCa): string {
  let site = readFileSync(SITE_FILE, 'utf8');
  for (const [from, to] of [['hop.example.gov.vn', serverName], ['/etc/ssl/hopso/fullchain.pem', ca.fullchain], ['/etc/ssl/hopso/privkey.pem', ca.privkey]]) {
    if (!site.includes(from!)) throw new Error(`ops/nginx-hopso.conf no longer names ${from}`);
    site = site.replaceAll(from!, to!);
  }
  return site;
}

/**
 * Debian's nginx on `host` with the repo's site file, in the foreground. The main file stands in
 * for Debian's /etc/nginx/nginx.conf (same user, http settings and mime types; Debian's temp
 * directories, which www-data may write: nginx buffers large answers there), with the pid and
 * logs in `dir` so that tests running side by side do not share them.
 */
export async function startNginx(host: NetHost, dir: string, serverName: string, ca: TestCa): Promise<Started> {
  mkdirSync(join(dir, 'sites-enabled'), { recursive: true });
  writeFileSync(join(dir, 'sites-enabled', 'hopso'), nginxSiteFor(serverName, ca));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `user www-data;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr notice;
daemon off;
events { worker_connections 768; }
http {
  sendfile on;
  tcp_nopush on;
  types_hash_max_size 2048;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  ssl_prefer_server_ciphers on;
  access_log ${dir}/access.log;
  include ${dir}/sites-enabled/*;
}
`);
  // `nginx -t` as the docs say, then the server itself.
  const check = await host.exec('sh', ['-c', `nginx -t -p ${dir} -c ${conf} 2>&1`]);
  if (!check.includes('test is successful')) throw new Error(`nginx -t:\n${check}`);
  const child = host.spawn('nginx', ['-p', dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  const started = waitForOutput(child, 'nginx');
  // nginx says nothing once it listens: wait until its workers are up (the master logs them at "notice").
  await started.until((out) => out.includes('start worker process'), 20_000);
  return started;
}

