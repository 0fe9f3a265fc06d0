import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser, signInContext } from '../helpers/browser.ts';

/**
 * The public verify page and the admin access log in a real Chromium, on a desktop and a
 * phone: a genuine signed Giấy mời (from the demo route) checks valid, the same file with
 * one byte changed checks invalid, the number lookup finds it, and the access log shows the
 * signature and the lookups with an intact chain. Needs `npx vite build client` first.
 */

const SHOTS = '/tmp/shots-sign';
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const PHONE: BrowserContextOptions = { viewport: { width: 412, height: 915 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server: TestServer;
let browser: Browser;
let dir: string;
let signedFile: string;
let tamperedFile: string;
let number: string;
const signerName = 'Nguyễn Văn Hùng';
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestApp({ listen: true });
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-verify-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  const { agent } = await signIn(server.app, 'vp.hatinh');
  const res = await agent.post('/api/demo/signed-invitation').buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, Buffer.concat(chunks)));
  });
  expect(res.status).toBe(200);
  number = String(res.headers['x-document-number']);
  const pdf = res.body as Buffer;
  signedFile = path.join(dir, 'giay-moi-da-ky.pdf');
  fs.writeFileSync(signedFile, pdf);
  const tampered = Buffer.from(pdf);
  tampered[Math.floor(tampered.length / 3)]! ^= 0x01;
  tamperedFile = path.join(dir, 'giay-moi-bi-sua.pdf');
  fs.writeFileSync(tamperedFile, tampered);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function open(options: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return { context, page };
}

async function checkFile(page: Page, file: string, button: string): Promise<{ valid: string | null; text: string }> {
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: button, exact: true }).click();
  const verdict = page.locator('.verify-verdict');
  await verdict.waitFor();
  return { valid: await verdict.getAttribute('data-valid'), text: (await page.locator('.verify-result').textContent()) ?? '' };
}

describe('verify page and access log', { timeout: 120_000 }, () => {
  for (const [name, options] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    test(`a guest checks a signed file, a changed one and a number (${name}, Vietnamese)`, async () => {
      const { context, page } = await open(options);
      await page.goto(`${server.url}/#/verify`);
      await page.getByRole('heading', { name: 'Xác thực văn bản', level: 1 }).waitFor();
      // The file is chosen with a button in the page's language, not the browser's "Choose File".
      await page.getByRole('button', { name: 'Chọn tệp PDF…' }).waitFor();
      expect((await page.locator('input[type=file]').boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);

      const good = await checkFile(page, signedFile, 'Kiểm tra tệp');
      expect(await page.locator('.file-chosen').textContent()).toBe(signedFile.split('/').pop());
      expect(good.valid).toBe('true');
      expect(good.text).toContain('Văn bản hợp lệ');
      expect(good.text).toContain(signerName);
      expect(good.text).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00/);
      await page.screenshot({ path: `${SHOTS}/verify-valid-${name}.png`, fullPage: true });

      const bad = await checkFile(page, tamperedFile, 'Kiểm tra tệp');
      expect(bad.valid).toBe('false');
      expect(bad.text).toContain('Văn bản KHÔNG hợp lệ');
      expect(bad.text).toContain('Nội dung đã bị thay đổi sau khi ký');
      await page.screenshot({ path: `${SHOTS}/verify-invalid-${name}.png`, fullPage: true });

      await page.getByLabel('Số và ký hiệu văn bản').fill(number);
      await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
      await page.locator('.verify-document').waitFor();
      const doc = (await page.locator('.verify-document').textContent()) ?? '';
      expect(doc).toContain(number);
      expect(await page.locator('.verify-document .verify-verdict').getAttribute('data-valid')).toBe('true');
      await page.screenshot({ path: `${SHOTS}/verify-number-${name}.png`, fullPage: true });
      await context.close();
    });
  }

  test('the page in English, and an unknown number', async () => {
    const { context, page } = await open(DESKTOP);
    await page.goto(`${server.url}/#/verify`);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await page.getByRole('heading', { name: 'Verify a document', level: 1 }).waitFor();
    const good = await checkFile(page, signedFile, 'Check the file');
    expect(good.text).toContain('Valid document');
    await page.getByLabel('Document number and symbol').fill('99/GM-KHONG');
    await page.getByRole('button', { name: 'Look up', exact: true }).click();
    await page.getByText('No document numbered 99/GM-KHONG in the register.').waitFor();
    await context.close();
  });

  for (const [name, options] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    test(`an admin sees the access log with an intact chain (${name})`, async () => {
      const { context, page } = await open(options);
      await signInContext(context, server.url, 'admin.hatinh');
      await page.goto(`${server.url}/#/access-log`);
      const banner = page.locator('.log-chain');
      await banner.waitFor();
      expect(await banner.getAttribute('data-intact')).toBe('true');
      const table = (await page.locator('.log-table').textContent()) ?? '';
      expect(table).toContain('Ký số');
      expect(table).toContain(number);
      expect(table).toContain('Tra cứu xác thực');
      expect(table).toContain('Công chúng (không đăng nhập)');
      await page.screenshot({ path: `${SHOTS}/access-log-${name}.png`, fullPage: true });
      await context.close();
    });
  }

  test('no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
