import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { paths: {} } },
    clean: true,
    sourcemap: true,
    target: 'es2022',
  },
  {
    // The `errata` bin: ESM only (the package is `type: module`); TypeScript modules are loaded through tsx.
    entry: ['src/cli.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
  },
]);
