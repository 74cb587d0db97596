import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPackageShape } from '@errata/conformance';

// No dependencies at all, not even @errata/core for types: the catalog's type is read structurally (error-params.ts).
runPackageShape({ name: '@errata/client', dir: __dirname, allowedImports: /^$/ });

describe('@errata/client runtime', () => {
  it('uses only web-standard globals in shipped code, so browsers, Bun, Deno and Workers run it', () => {
    const shipped = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(shipped.length).toBeGreaterThan(0);
    for (const file of shipped) {
      const code = readFileSync(join(__dirname, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect([file, code.match(/\b(process|Buffer|require|__dirname|setImmediate|global)\b[.(]/g)]).toEqual([
        file,
        null,
      ]);
    }
  });
});
