import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = __dirname;
/** The files that ship: everything but tests and test support (the conformance fixture, the inject helper). */
const shipped = readdirSync(here).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'fixture-app.ts' && f !== 'test-inject.ts',
);
const importsOf = (file: string) =>
  [...readFileSync(join(here, file), 'utf8').matchAll(/\bfrom '([^']+)'/g)].map((m) => m[1] as string);

describe('@errata/fastify package', () => {
  it('imports only its own files, the public entry of errata core, Fastify, fastify-plugin and TypeBox', () => {
    for (const file of shipped) {
      for (const specifier of importsOf(file)) {
        expect([file, specifier]).toEqual([
          file,
          expect.stringMatching(/^(\.\/[a-z-]+|@errata\/core|fastify|fastify-plugin|@sinclair\/typebox)$/),
        ]);
      }
    }
  });

  it('keeps index.ts to re-exports', () => {
    const statements = readFileSync(join(here, 'index.ts'), 'utf8')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const statement of statements) expect(statement).toMatch(/^export (type )?\{[^}]+\} from '\.\/[a-z-]+'$/);
  });
});
