import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestNet, type TestNet } from '../helpers/netns.ts';
import { addDelay } from '../helpers/netns-delay.ts';

/** The userspace delay line the weak-link tests use where the kernel has no netem. */
describe('a delayed test host', () => {
  let net: TestNet;
  let echo: Socket;
  let tcp: Server;
  beforeAll(async () => {
    net = await createTestNet(1);
    echo = createSocket('udp4').on('message', (m, r) => echo.send(m, r.port, r.address));
    await new Promise<void>((resolve) => echo.bind(0, net.gateway, resolve));
    tcp = createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => tcp.listen(0, net.gateway, resolve));
  });
  afterAll(async () => {
    echo?.close();
    tcp?.close();
    await net?.close();
  });

  const node = (script: string) => net.hosts[0]!.exec(process.execPath, ['-e', script]);
  /** Five UDP round trips to the machine, one after the other: their times in ms. */
  const udpRtts = async () => {
    const port = echo.address().port;
    const out = await node(`const d=require('dgram').createSocket('udp4');const t=[];let s;const go=()=>{s=performance.now();d.send('x',${port},'${net.gateway}')};
d.on('message',()=>{t.push(Math.round(performance.now()-s));if(t.length===5){console.log(JSON.stringify(t));process.exit()}go()});go();setTimeout(()=>{console.log(JSON.stringify(t));process.exit()},5000)`);
    return JSON.parse(out) as number[];
  };
  const tcpExchange = async () => {
    const { port } = tcp.address() as { port: number };
    return (await node(`const t=performance.now();const s=require('net').connect(${port},'${net.gateway}');let got='';s.on('data',d=>got+=d);
s.on('close',()=>{console.log(got+' '+Math.round(performance.now()-t));process.exit()});s.on('error',e=>{console.log(e.code);process.exit()});setTimeout(()=>{console.log('timeout');process.exit()},5000)`)).trim();
  };

  it('adds the delay to every round trip, UDP and TCP, and takes it away again', async () => {
    const host = net.hosts[0]!;
    expect(Math.max(...(await udpRtts()))).toBeLessThan(100);
    const line = await addDelay(host, net.gateway, 100);
    try {
      const rtts = await udpRtts();
      expect(rtts).toHaveLength(5);
      // 100 ms each way; a loaded machine adds some, never takes any away.
      for (const rtt of rtts) expect(rtt).toBeGreaterThanOrEqual(195);
      const [reply, ms] = (await tcpExchange()).split(' ');
      expect(reply).toBe('hello');
      // Handshake and the reply: two round trips.
      expect(Number(ms)).toBeGreaterThanOrEqual(390);
    } finally {
      await line.close();
    }
    expect(Math.max(...(await udpRtts()))).toBeLessThan(100);
    expect((await tcpExchange()).split(' ')[0]).toBe('hello');
  });
});
