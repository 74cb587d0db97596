import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const here = __dirname;
/** The files that ship: everything but tests and the conformance fixture (test support, never exported). */
const shipped = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'fixture-app.ts');
const importsOf = (file: string) =>
  [...readFileSync(join(here, file), 'utf8').matchAll(/\bfrom '([^']+)'/g)].map((m) => m[1] as string);

describe('@errata/hono package', () => {
  it('uses web standards only: no Node built-ins, only errata core, Hono and TypeBox types', () => {
    for (const file of shipped) {
      for (const specifier of importsOf(file)) {
        expect([file, specifier]).toEqual([
          file,
          expect.stringMatching(/^(\.\/[a-z-]+|@errata\/core|hono(\/[a-z/-]+)?|@sinclair\/typebox)$/),
        ]);
      }
    }
  });

  it('imports TypeBox for types only, so it adds no runtime dependency of its own', () => {
    for (const file of shipped) {
      expect(readFileSync(join(here, file), 'utf8')).not.toMatch(/^import \{[^}]*\} from '@sinclair\/typebox'/m);
      expect(readFileSync(join(here, file), 'utf8')).not.toMatch(/^import (?!type)[^;]*'@sinclair\/typebox/m);
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
