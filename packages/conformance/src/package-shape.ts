/**
 * The shape every published package keeps (STYLE.md): `index.ts` only re-exports, and shipped files import nothing
 * but their own files and the dependencies named here (for core and Hono: no `node:` built-ins, so Workers, Bun and
 * Deno load them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PackageShape {
  name: string;
  /** The package's `src` folder. */
  dir: string;
  /** Every import specifier a shipped file may use besides `./file`. */
  allowedImports: RegExp;
}

/**
 * Registers the package-shape tests.
 * @example runPackageShape({ name: '@errata/hono', dir: __dirname, allowedImports: /^(@errata\/core|hono(\/.+)?)$/ })
 */
export function runPackageShape(shape: PackageShape): void {
  // Test support (fixture apps, harness helpers) lives in the package's test/ folder: everything else in src/ ships.
  const shipped = readdirSync(shape.dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const source = (file: string) => readFileSync(join(shape.dir, file), 'utf8');

  describe(`${shape.name} package shape`, () => {
    it('imports only its own files and its declared dependencies', () => {
      for (const file of shipped) {
        for (const [, specifier] of source(file).matchAll(/\bfrom '([^']+)'/g)) {
          const ok = /^\.\/[a-z-]+$/.test(specifier as string) || shape.allowedImports.test(specifier as string);
          expect([file, specifier, ok]).toEqual([file, specifier, true]);
        }
      }
    });

    it('keeps index.ts to re-exports', () => {
      const statements = source('index.ts')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const statement of statements) expect(statement).toMatch(/^export (type )?\{[^}]+\} from '\.\/[a-z-]+'$/);
    });
  });
}
