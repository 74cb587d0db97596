/**
 * Every ```ts example in the READMEs and docs/ARCHITECTURE.md type-checks against the packages' sources, so the docs
 * cannot drift from the API. Each block is a module of its own, resolved as if it sat in its package's src/ (a
 * package README) or in examples/market-api (which depends on every adapter and framework).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '../../..');
const home = join(root, 'examples/market-api/src');

function docs(): string[] {
  const files = ['README.md', 'docs/ARCHITECTURE.md'];
  for (const dir of ['packages', 'examples']) {
    for (const name of readdirSync(join(root, dir))) {
      const readme = join(dir, name, 'README.md');
      try {
        readFileSync(join(root, readme));
        files.push(readme);
      } catch {
        // no README
      }
    }
  }
  return files;
}

interface Block {
  doc: string;
  line: number;
  code: string;
  /** `<!-- excerpt: path -->` above the fence: the block quotes that (type-checked) file instead of standing alone. */
  excerptOf?: string;
}

function blocks(): Block[] {
  const out: Block[] = [];
  for (const doc of docs()) {
    const lines = readFileSync(join(root, doc), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]?.trim() !== '```ts') continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end]?.trim() !== '```') end++;
      const excerptOf = /^<!-- excerpt: (\S+) -->$/.exec(lines[i - 1]?.trim() ?? '')?.[1];
      const block: Block = { doc, line: start + 1, code: lines.slice(start, end).join('\n') };
      out.push(excerptOf === undefined ? block : { ...block, excerptOf });
      i = end;
    }
  }
  return out;
}

const all = blocks();
const examples = all.filter((block) => block.excerptOf === undefined);
const excerpts = all.filter((block) => block.excerptOf !== undefined);
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

it('quotes every excerpt line from the file it names (`…` stands for left-out code)', () => {
  const missing: string[] = [];
  for (const block of excerpts) {
    const source = squash(readFileSync(join(root, block.excerptOf as string), 'utf8'));
    block.code.split('\n').forEach((line, i) => {
      const code = line.replace(/\s*\/\/ .*$/, ''); // a trailing comment is the doc's own
      for (const part of code.split('…').map(squash).filter(Boolean)) {
        if (!source.includes(part)) missing.push(`${block.doc}:${block.line + i}: ${part}`);
      }
    });
  }
  expect(missing).toEqual([]);
});

it('finds the examples and the excerpts', () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
  expect(excerpts.length).toBeGreaterThanOrEqual(4);
});

it('type-checks every TypeScript example in the READMEs and docs/ARCHITECTURE.md', () => {
  const base = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile).config;
  const { options } = ts.convertCompilerOptionsFromJson(
    { ...base.compilerOptions, noEmit: true, types: ['node'], noUnusedLocals: false },
    root,
  );
  const virtual = new Map<string, Block>();
  examples.forEach((block, i) => {
    // A package's README resolves imports as that package does (its own devDependencies); the rest as market-api.
    // An example importing `./errors` and the like means market-api's files.
    const own = block.code.includes("from './") ? undefined : /^packages\/([^/]+)\/README\.md$/.exec(block.doc)?.[1];
    virtual.set(join(own === undefined ? home : join(root, 'packages', own, 'src'), `__doc_example_${i}__.ts`), block);
  });
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (file, language, ...rest) => {
    const block = virtual.get(file);
    // `export {}` makes every block a module, so top-level names never clash between blocks.
    if (block) return ts.createSourceFile(file, `${block.code}\nexport {};\n`, language);
    return getSourceFile.call(host, file, language, ...rest);
  };
  const fileExists = host.fileExists;
  host.fileExists = (file) => virtual.has(file) || fileExists.call(host, file);
  const program = ts.createProgram([...virtual.keys()], options, host);
  const problems = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file && virtual.has(d.file.fileName))
    .map((d) => {
      const block = virtual.get(d.file?.fileName ?? '') as Block;
      const { line } = ts.getLineAndCharacterOfPosition(d.file as ts.SourceFile, d.start ?? 0);
      return `${relative(root, join(root, block.doc))}:${block.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
});
