/**
 * The workspace's published packages: every package of pnpm-workspace.yaml's `packages` globs that is not private.
 * The packaging tests (published-packages.test.ts here, test/pack/packed.test.ts at the root) iterate over this list,
 * so a package added later is checked without anyone remembering to list it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const workspaceRoot = join(__dirname, '../../..');

/**
 * The one repository every published package names (`repository`, `homepage`, `bugs`; published-packages.test.ts
 * holds each manifest to it). No git remote is configured for this repository yet: should the project live elsewhere,
 * change it here and the test lists every manifest still to change.
 */
export const REPOSITORY_URL = 'https://github.com/errata-dev/errata';

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  author?: string;
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
  files?: string[];
  scripts?: Record<string, string>;
  publishConfig?: { access?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface WorkspacePackage {
  /** Relative to the workspace root, with `/`: `packages/core`. */
  dir: string;
  manifest: PackageManifest;
}

/** The `packages:` globs of pnpm-workspace.yaml (only `dir` and `dir/*` forms are used in this repo). */
function workspaceGlobs(): string[] {
  const yaml = readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:[ \t]+-[^\n]*\n?)+)/m.exec(yaml)?.[1] ?? '';
  return [...block.matchAll(/-\s*['"]?([^'"\s]+)['"]?/g)].map(([, glob]) => glob as string);
}

export function workspacePackages(): WorkspacePackage[] {
  const dirs = workspaceGlobs().flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(join(workspaceRoot, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return dirs
    .filter((dir) => existsSync(join(workspaceRoot, dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8')) }));
}

/**
 * Every package that `pnpm release` publishes.
 * @example publishedPackages().map((p) => p.manifest.name) // ['@errata/core', '@errata/express', …]
 */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((pkg) => pkg.manifest.private !== true);
}
