// prepublishOnly of every published package. Dependencies on sibling packages are written `workspace:^`, which only
// pnpm rewrites to a version range when it packs; `npm publish` would ship `workspace:^` as is and the package could
// not be installed. Refuse, with the fix.
const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  const name = process.env.npm_package_name ?? 'this package';
  console.error(
    `${name}: publish with pnpm, not ${agent.split(' ')[0] || 'this tool'}. ` +
      'Only pnpm rewrites the `workspace:^` dependencies into version ranges; the tarball would not install. ' +
      'Run `pnpm release` at the repository root (docs/ARCHITECTURE.md, "Releasing").',
  );
  process.exit(1);
}
