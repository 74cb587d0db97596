import { catalog } from '@errata/conformance';
import { Hono } from 'hono';
import { type ErrataEnv, errata, install, notFound, onError } from './index';

describe('install(app, options)', () => {
  it('mounts the middleware, onError and notFound in one call', async () => {
    const app = new Hono<ErrataEnv<typeof catalog>>();
    install(app, { catalog, onError: () => {} });
    app.get('/conflict', (c) => {
      c.var.errata.catalog satisfies typeof catalog; // typed with the app's catalog
      throw c.var.errata.catalog.CONFLICT();
    });
    app.get('/null', () => {
      throw null;
    });
    const conflict = await app.request('/conflict', { headers: { 'x-request-id': 'kept-2' } });
    expect([conflict.status, conflict.headers.get('x-request-id')]).toEqual([409, 'kept-2']);
    expect((await app.request('/null')).status).toBe(500);
    const wrong = await app.request('/conflict', { method: 'POST' });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect((await app.request('/missing')).status).toBe(404);
  });
});

describe('a missing setup step', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => warn.mockRestore());

  it('without app.onError(onError): warns once and still answers the typed error, not a 500 text/plain', async () => {
    const app = new Hono<ErrataEnv>();
    app.use(errata({ catalog, onError: () => {} }));
    app.notFound(notFound({ app }));
    app.get('/conflict', () => {
      throw catalog.CONFLICT();
    });
    for (let i = 0; i < 2; i++) {
      const res = await app.request('/conflict');
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect((await res.json()).error.code).toBe('CONFLICT');
    }
    const warnings = warn.mock.calls.filter(([m]) => String(m).includes('app.onError(onError) is not set'));
    expect(warnings).toHaveLength(1);
  });

  it('without the errata() middleware: warns once that the default catalog answered', async () => {
    const app = new Hono();
    app.onError(onError);
    app.get('/', () => {
      throw catalog.CONFLICT();
    });
    expect((await app.request('/')).status).toBe(409);
    await app.request('/');
    const warnings = warn.mock.calls.filter(([m]) => String(m).includes('errata() middleware did not run'));
    expect(warnings).toHaveLength(1);
  });
});
