/**
 * GET /docs in a real browser (Debian's Chromium, driven by playwright-core: CommonJS, which this Jest setup loads;
 * puppeteer-core 25 is ESM only): in each app the page renders the served
 * document, every operation with its error codes, and asks nothing of any host but the app itself (no CDN).
 * SCREENSHOT_OUT=<file.png> also saves a screenshot of the Express app's page.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { ROUTES } from '../src/docs';
import { FRAMEWORKS, type Framework, type StartedApp, startApp } from './start-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Debian's Chromium without a sandbox (CI runs as root) and without any call home.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const apps = new Map<Framework, StartedApp>();
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  const started = await Promise.all(FRAMEWORKS.map(startApp));
  for (const [i, framework] of FRAMEWORKS.entries()) apps.set(framework, started[i] as StartedApp);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([...apps.values()].map((app) => app.stop()));
});

const documentedCodes = [...new Set(Object.values(ROUTES).flatMap((r) => [...r.errors, 'INTERNAL_ERROR']))];

describe.each(FRAMEWORKS)('GET /docs in Chromium: %s', (framework) => {
  it('renders every operation and its error codes, with every asset served by the app', async () => {
    const { url } = apps.get(framework) as StartedApp;
    const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
    const requested: string[] = [];
    const failures: string[] = [];
    // Anything not asked of the app itself is recorded and refused: the page must work offline.
    await page.route('**/*', (route) => {
      const target = route.request().url();
      requested.push(target);
      return target.startsWith(`${url}/`) || target.startsWith('data:') ? route.continue() : route.abort();
    });
    page.on('pageerror', (error) => failures.push(String(error)));
    page.on('requestfailed', (req) => failures.push(`${req.url()}: ${req.failure()?.errorText}`));

    const response = await page.goto(`${url}/docs`, { waitUntil: 'networkidle', timeout: 60_000 });
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.opblock', { timeout: 30_000 });
    expect(await page.title()).toBe('Market API reference');
    const summaries = await page.$$eval('.opblock-summary-path', (nodes) =>
      nodes.map((n) => n.textContent?.replace(/\u200b/g, '')),
    );
    expect(summaries.sort()).toEqual(
      Object.values(ROUTES)
        .map((r) => r.path.replace(/:(\w+)/g, '{$1}'))
        .sort(),
    );
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point: what a reader sees
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('Market API');
    for (const code of documentedCodes) expect([code, text.includes(code)]).toEqual([code, true]);
    expect(text).toMatch(/Retry-After/);
    expect(text).toMatch(/X-RateLimit-Limit/);

    expect(failures).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(`${url}/`) && !u.startsWith('data:'))).toEqual([]);
    expect(requested.map((u) => u.slice(url.length)).filter((p) => p.startsWith('/'))).toEqual(
      expect.arrayContaining([
        '/docs',
        '/docs/swagger-ui.css',
        '/docs/swagger-ui-bundle.js',
        '/docs/init.js',
        '/openapi.json',
      ]),
    );

    if (framework === 'express' && process.env.SCREENSHOT_OUT) {
      await page.locator('#operations-market-getV1OrderbookBySymbol').evaluate((node) => node.scrollIntoView());
      await page.screenshot({ path: process.env.SCREENSHOT_OUT });
    }
    await page.close();
  });
});
