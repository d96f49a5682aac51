/**
 * `custom-elements.json` (for IDEs and Storybook), written to dist/ by `vite build` from the
 * element's JSDoc (`@fires`, `@cssprop`, `@csspart`, the documented properties).
 * By hand: `npx cem analyze` (see `momo:custom-elements-manifest` in vite.config.ts).
 */

/** Where each analysed source file is published (package.json `exports`). */
const PUBLISHED = {
  'src/momo-checkout.ts': 'dist/lib/momo-checkout.js',
  'src/index.ts': 'dist/lib/momo-checkout.js',
  'src/define.ts': 'dist/lib/define.js',
};
const published = (path) => PUBLISHED[path.replace(/^\/+/, '').replace(/(?<!\.ts)$/, '.ts')] ?? path;

/**
 * The manifest describes the published package: paths of dist/ files, and only public API
 * (Lit's internal `state: true` properties are no attributes, whatever the analyser says).
 */
function publicApiOfPublishedFiles() {
  return {
    name: 'momo:public-api-of-published-files',
    packageLinkPhase({ customElementsManifest }) {
      const { modules } = customElementsManifest;
      // Re-exports (`export { MomoCheckout }` in define.ts) point at the module that declares it.
      const declaredIn = new Map(modules.flatMap((module) => (module.declarations ?? []).map((declaration) => [declaration.name, published(module.path)])));
      for (const module of modules) {
        module.path = published(module.path);
        for (const { declaration } of module.exports ?? []) {
          declaration.module = declaredIn.get(declaration.name) ?? (declaration.module && published(declaration.module));
        }
        // Names the analyser picks up from inside functions: not module-level declarations.
        module.declarations = (module.declarations ?? []).filter((declaration) => declaration.kind === 'class');
        for (const declaration of module.declarations) {
          const hidden = new Set((declaration.members ?? []).filter((member) => member.privacy === 'private' || member.name.startsWith('#')).map((member) => member.name));
          declaration.members = declaration.members?.filter((member) => !hidden.has(member.name));
          declaration.attributes = declaration.attributes?.filter((attribute) => !hidden.has(attribute.fieldName));
        }
      }
    },
  };
}

export default {
  globs: ['src/momo-checkout.ts', 'src/define.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json already points at dist/custom-elements.json; don't rewrite it on every build.
  packagejson: false,
  quiet: true,
  plugins: [publicApiOfPublishedFiles()],
};
