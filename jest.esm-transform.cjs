// Jest loads CommonJS; some test-only dependencies (ArkType) ship ES modules only. esbuild converts them, quickly.
const { transformSync } = require('esbuild');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'js',
      format: 'cjs',
      target: 'es2022',
      sourcefile: filename,
      sourcemap: 'external',
    });
    return { code, map };
  },
};
