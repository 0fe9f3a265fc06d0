import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNet, type TestNet } from '../helpers/netns.ts';

/** The test hosts the multi-host tests stand on: two namespaces that reach each other and the machine, and nothing else. */
describe('test network namespaces', () => {
  let net: TestNet;
  beforeAll(async () => { net = await createTestNet(2); });
  afterAll(async () => { await net?.close(); });

  const node = (host: number, script: string) => net.hosts[host]!.exec(process.execPath, ['-e', script]);
  const tcpProbe = (address: string, port: number) =>
    `const s=require('net').connect(${port},'${address}',()=>{console.log('open');s.destroy()});s.on('error',e=>console.log(e.code));setTimeout(()=>{console.log('timeout');process.exit()},3000).unref()`;
  const udpEcho = `const d=require('dgram').createSocket('udp4');d.on('message',(m,r)=>d.send(m,r.port,r.address));d.bind(9999,()=>console.log('up'));setTimeout(()=>process.exit(),8000)`;
  const udpProbe = (address: string) =>
    `const d=require('dgram').createSocket('udp4');d.on('message',()=>{console.log('echo');process.exit()});setInterval(()=>d.send('x',9999,'${address}'),100);setTimeout(()=>{console.log('silence');process.exit()},1500)`;

  it('gives each host its own address, reachable from the other host and the machine; a forwarded port reaches loopback', async () => {
    expect(net.hosts.map((h) => h.address)).toEqual([expect.stringMatching(/^10\.77\.\d+\.10$/), expect.stringMatching(/^10\.77\.\d+\.11$/)]);
    expect(await net.hosts[0]!.exec('ip', ['-4', '-o', 'addr', 'show', 'eth0'])).toContain(net.hosts[0]!.address);
    await net.forward(5432);
    expect((await node(1, tcpProbe(net.gateway, 5432))).trim()).toBe('open');
    // The namespace's own loopback is not the machine's: PostgreSQL is only there through the forward.
    expect((await node(1, tcpProbe('127.0.0.1', 5432))).trim()).toBe('ECONNREFUSED');
  });

  it('blocks UDP for one host while TCP still goes through', async () => {
    const echo = net.hosts[0]!.spawn(process.execPath, ['-e', udpEcho], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => echo.stdout!.once('data', resolve));
    try {
      expect((await node(1, udpProbe(net.hosts[0]!.address))).trim()).toBe('echo');
      await net.hosts[1]!.blockUdp();
      expect((await node(1, udpProbe(net.hosts[0]!.address))).trim()).toBe('silence');
      await net.hosts[1]!.unshape();
      expect((await node(1, udpProbe(net.hosts[0]!.address))).trim()).toBe('echo');
    } finally {
      echo.kill();
    }
  });

  it('lets a host reach only TCP 443 (a site whose firewall passes HTTPS alone), and lifts it', async () => {
    const tcpServers = `const net=require('net');let n=0;for(const p of [443,8443])net.createServer(s=>s.end()).listen(p,()=>{if(++n===2)console.log('up')});setTimeout(()=>process.exit(),10000)`;
    const servers = net.hosts[0]!.spawn(process.execPath, ['-e', tcpServers], { stdio: ['ignore', 'pipe', 'inherit'] });
    const echo = net.hosts[0]!.spawn(process.execPath, ['-e', udpEcho], { stdio: ['ignore', 'pipe', 'inherit'] });
    await Promise.all([servers, echo].map((child) => new Promise((resolve) => child.stdout!.once('data', resolve))));
    try {
      const site = net.hosts[1]!;
      await site.allowOnlyTcp([443]);
      expect((await node(1, tcpProbe(net.hosts[0]!.address, 443))).trim()).toBe('open');
      expect((await node(1, tcpProbe(net.hosts[0]!.address, 8443))).trim()).toBe('timeout');
      expect((await node(1, udpProbe(net.hosts[0]!.address))).trim()).toBe('silence');
      await site.unshape();
      expect((await node(1, tcpProbe(net.hosts[0]!.address, 8443))).trim()).toBe('open');
      expect((await node(1, udpProbe(net.hosts[0]!.address))).trim()).toBe('echo');
    } finally {
      servers.kill();
      echo.kill();
    }
  });

  it('shapes a host with a rate limit and loss, and removes it', async () => {
    const host = net.hosts[1]!;
    await host.shape({ rateKbit: 256, lossPercent: 5 });
    expect(await host.exec('tc', ['qdisc', 'show', 'dev', 'eth0'])).toMatch(/tbf .*rate 256Kbit/);
    expect(await host.exec('nft', ['list', 'table', 'inet', 'hopso_link'])).toContain('numgen random mod 1000 < 50');
    await host.unshape();
    expect(await host.exec('tc', ['qdisc', 'show', 'dev', 'eth0'])).not.toMatch(/tbf/);
  });
});
