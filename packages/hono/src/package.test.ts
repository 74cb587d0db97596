import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPackageShape } from '@errata/conformance';

// Web standards only: no `node:` built-ins, only errata core, Hono and TypeBox (for types).
runPackageShape({
  name: '@errata/hono',
  dir: __dirname,
  allowedImports: /^(@errata\/core(\/adapter)?|hono(\/[a-z/-]+)?|@sinclair\/typebox)$/,
});

describe('@errata/hono dependencies', () => {
  it('imports TypeBox for types only, so it adds no runtime dependency of its own', () => {
    const shipped = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    for (const file of shipped) {
      expect(readFileSync(join(__dirname, file), 'utf8')).not.toMatch(/^import (?!type)[^;]*'@sinclair\/typebox/m);
    }
  });
});
