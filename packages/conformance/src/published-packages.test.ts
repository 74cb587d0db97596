/**
 * What every published package ships besides its code: the licence, the metadata registries and users read, and a
 * README whose install line installs what the package needs. test/pack/packed.test.ts (root) checks the tarballs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intersects, validRange } from 'semver';
import { type PackageManifest, publishedPackages, REPOSITORY_URL, workspaceRoot } from './published-packages';

const packages = publishedPackages();
const names = packages.map((pkg) => pkg.manifest.name);
const read = (file: string) => readFileSync(join(workspaceRoot, file), 'utf8');
const rootLicense = read('LICENSE');
const repoUrl = `git+${REPOSITORY_URL}.git`;

interface InstallLine {
  doc: string;
  line: number;
  text: string;
  /** Package name → the version or range written after `@`, if any. */
  installs: Map<string, string | undefined>;
}

/** `@scope/name@1.2` → ['@scope/name', '1.2']; `express` → ['express', undefined]. */
function parseSpec(spec: string): [string, string | undefined] {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at === -1 ? [spec, undefined] : [spec.slice(0, at), spec.slice(at + 1)];
}

/** Every shell line of a ```sh block that installs packages (`npm install`, `npm i`, `pnpm add`, …). */
function installLines(doc: string): InstallLine[] {
  const out: InstallLine[] = [];
  let inSh = false;
  read(doc)
    .split('\n')
    .forEach((raw, i) => {
      const trimmed = raw.trim();
      if (trimmed.startsWith('```')) {
        inSh = !inSh && trimmed === '```sh';
        return;
      }
      if (!inSh) return;
      const text = trimmed.replace(/\s+#.*$/, '');
      const installs = new Map<string, string | undefined>();
      for (const command of text.split(/&&|;/)) {
        const [tool, verb, ...args] = command.trim().split(/\s+/);
        const isInstall =
          (tool === 'npm' && (verb === 'install' || verb === 'i' || verb === 'add')) ||
          ((tool === 'pnpm' || tool === 'yarn' || tool === 'bun') && verb === 'add');
        if (!isInstall) continue;
        for (const arg of args.filter((a) => !a.startsWith('-'))) installs.set(...parseSpec(arg));
      }
      if (installs.size > 0) out.push({ doc, line: i + 1, text, installs });
    });
  return out;
}

/** The packages a doc's ```ts examples import (`hono/body-limit` → `hono`; no `node:` built-ins). */
function importedPackages(doc: string): Set<string> {
  const imported = new Set<string>();
  for (const [, block] of read(doc).matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    for (const [, specifier] of (block as string).matchAll(/\b(?:from|import)\s+'([^']+)'/g)) {
      const s = specifier as string;
      if (s.startsWith('.') || s.startsWith('node:')) continue;
      imported.add(
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      );
    }
  }
  return imported;
}

/** Peers a user must install: the non-optional ones, and `@types/*` ones (every README example is TypeScript). */
function neededPeers(manifest: PackageManifest): [string, string][] {
  return Object.entries(manifest.peerDependencies ?? {}).filter(
    ([name]) => manifest.peerDependenciesMeta?.[name]?.optional !== true || name.startsWith('@types/'),
  );
}

/** Versions the workspace tests each dependency with (`npm:express@^4` aliases count for `express`). */
function testedRanges(name: string): string[] {
  const ranges: string[] = [];
  for (const { manifest } of packages) {
    for (const [key, range] of Object.entries(manifest.devDependencies ?? {})) {
      const alias = /^npm:(.+)$/.exec(range)?.[1];
      const [aliasName, aliasRange] = alias === undefined ? [key, range] : parseSpec(alias);
      if (aliasName === name && aliasRange !== undefined && validRange(aliasRange)) ranges.push(aliasRange);
    }
  }
  return [...new Set(ranges)];
}

const docs = ['README.md', ...packages.map((pkg) => `${pkg.dir}/README.md`)];
const allLines = docs.flatMap(installLines);
const where = (line: InstallLine) => `${line.doc}:${line.line}`;

describe('the published packages', () => {
  it('are found: core and the three adapters at least', () => {
    expect(names).toEqual(
      expect.arrayContaining(['@errata/core', '@errata/express', '@errata/hono', '@errata/fastify']),
    );
  });

  it('are MIT licensed, with the root LICENSE shipped in each one', () => {
    expect(rootLicense).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} errata contributors\n/);
    for (const { dir, manifest } of packages) {
      expect([manifest.name, manifest.license]).toEqual([manifest.name, 'MIT']);
      expect([manifest.name, read(`${dir}/LICENSE`) === rootLicense]).toEqual([manifest.name, true]);
      expect([manifest.name, manifest.files]).toEqual([manifest.name, expect.arrayContaining(['dist', 'LICENSE'])]);
    }
  });

  it('name one repository, their folder in it, a homepage, the issue tracker and keywords', () => {
    expect(REPOSITORY_URL).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    for (const { dir, manifest } of packages) {
      expect(manifest).toMatchObject({
        author: 'errata contributors',
        repository: { type: 'git', url: repoUrl, directory: dir },
        homepage: `${REPOSITORY_URL}/tree/main/${dir}#readme`,
        bugs: { url: `${REPOSITORY_URL}/issues` },
        publishConfig: { access: 'public' },
      });
      expect([manifest.name, (manifest.keywords ?? []).length >= 3]).toEqual([manifest.name, true]);
    }
  });

  it('depend on their siblings with `workspace:^` (pnpm writes the version range when it packs)', () => {
    for (const { manifest } of packages) {
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        if (names.includes(dep)) expect([manifest.name, dep, range]).toEqual([manifest.name, dep, 'workspace:^']);
      }
    }
  });

  it('refuse `npm publish`, which would ship `workspace:^` unresolved', () => {
    expect(existsSync(join(workspaceRoot, 'scripts/require-pnpm.mjs'))).toBe(true);
    for (const { manifest } of packages) {
      expect([manifest.name, manifest.scripts?.prepublishOnly]).toEqual([
        manifest.name,
        'node ../../scripts/require-pnpm.mjs',
      ]);
    }
  });
});

describe("the READMEs' install lines", () => {
  it('are found in every published package README', () => {
    for (const { dir, manifest } of packages) {
      const lines = installLines(`${dir}/README.md`);
      expect([manifest.name, lines.some((line) => line.installs.has(manifest.name))]).toEqual([manifest.name, true]);
    }
  });

  it('install every peer of each errata package they install (non-optional peers and @types peers)', () => {
    const missing: string[] = [];
    for (const line of allLines) {
      for (const { manifest } of packages.filter((pkg) => line.installs.has(pkg.manifest.name))) {
        for (const [peer] of neededPeers(manifest)) {
          if (!line.installs.has(peer)) missing.push(`${where(line)}: ${manifest.name} needs ${peer}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('pin versions the peer ranges accept and the workspace tests with', () => {
    const wrong: string[] = [];
    for (const line of allLines) {
      for (const [name, version] of line.installs) {
        if (version === undefined) continue;
        for (const { manifest } of packages.filter((pkg) => line.installs.has(pkg.manifest.name))) {
          const peer = manifest.peerDependencies?.[name];
          if (peer !== undefined && !intersects(version, peer)) {
            wrong.push(`${where(line)}: ${name}@${version} is outside ${manifest.name}'s peer range ${peer}`);
          }
        }
        const tested = testedRanges(name);
        if (tested.length > 0 && !tested.some((range) => intersects(version, range))) {
          wrong.push(`${where(line)}: ${name}@${version}, but the workspace tests ${tested.join(', ')}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("install every package a package README's examples import", () => {
    const missing: string[] = [];
    for (const { dir } of packages) {
      const doc = `${dir}/README.md`;
      const installed = new Set(installLines(doc).flatMap((line) => [...line.installs.keys()]));
      for (const name of importedPackages(doc)) if (!installed.has(name)) missing.push(`${doc}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});
