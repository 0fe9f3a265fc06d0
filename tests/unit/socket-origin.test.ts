import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { allowedOrigins, originAllowed } from '../../server/sockets/origin.ts';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('socket.io origin check', () => {
  it('without PUBLIC_ORIGIN accepts only the requested host', () => {
    expect(originAllowed(request({ host: 'hop.gov.vn', origin: 'https://hop.gov.vn' }), [])).toBe(true);
    expect(originAllowed(request({ host: 'hop.gov.vn', origin: 'https://evil.example' }), [])).toBe(false);
    expect(originAllowed(request({ host: 'hop.gov.vn', origin: 'https://hop.gov.vn.evil.example' }), [])).toBe(false);
    expect(originAllowed(request({ host: 'hop.gov.vn', origin: 'null' }), [])).toBe(false);
    // No Origin: not a browser, or a same-origin polling GET (browsers omit it there).
    expect(originAllowed(request({ host: 'hop.gov.vn' }), [])).toBe(true);
  });

  it('with PUBLIC_ORIGIN accepts exactly the listed origins', () => {
    const allowed = allowedOrigins('https://hop.gov.vn, https://hop.hatinh.gov.vn:8443');
    expect(allowed).toEqual(['https://hop.gov.vn', 'https://hop.hatinh.gov.vn:8443']);
    expect(originAllowed(request({ host: 'internal:3000', origin: 'https://hop.gov.vn' }), allowed)).toBe(true);
    expect(originAllowed(request({ host: 'internal:3000', origin: 'https://hop.hatinh.gov.vn:8443' }), allowed)).toBe(true);
    expect(originAllowed(request({ host: 'internal:3000', origin: 'http://hop.gov.vn' }), allowed)).toBe(false);
    expect(originAllowed(request({ host: 'internal:3000', origin: 'http://internal:3000' }), allowed)).toBe(false);
  });
});
