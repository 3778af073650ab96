// ESLint rule: a relative import must stay inside the package that contains the
// importing file. Crossing into another workspace must go through its published
// name (`@kvmsim/sim`), so that every package works from npm alone and the
// one-way layering of docs/architecture.md is visible in package.json. The same
// holds for files read by path: `new URL('../../scenarios/examples/',
// import.meta.url)` reaches into another package's folder, which is not there
// when the package is installed from npm; use what that package exports.
import { dirname, resolve, sep } from 'node:path';
import { existsSync } from 'node:fs';

/** Nearest ancestor directory of `file` that holds a package.json. */
function packageRootOf(file) {
  let directory = dirname(file);
  for (;;) {
    if (existsSync(resolve(directory, 'package.json'))) return directory;
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** @type {import('eslint').Rule.RuleModule} */
export const noCrossPackageRelativeImport = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid relative imports that leave the current package' },
    schema: [],
    messages: {
      crossPackage:
        'Relative import "{{source}}" leaves package {{root}}; import the other package by its name instead.',
      crossPackageUrl:
        'URL "{{source}}" leaves package {{root}}; read the other package through what it exports instead.',
    },
  },
  create(context) {
    const file = context.filename;
    const root = packageRootOf(file);
    if (root === undefined) return {};
    const leaves = (source) => {
      const target = resolve(dirname(file), source);
      return target !== root && !target.startsWith(root + sep);
    };
    function check(node) {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      if (leaves(source))
        context.report({ node: node.source, messageId: 'crossPackage', data: { source, root } });
    }
    /** `new URL('../x', import.meta.url)`: a path relative to this file. */
    function checkUrl(node) {
      const [first, base] = node.arguments;
      if (node.callee.type !== 'Identifier' || node.callee.name !== 'URL') return;
      if (first?.type !== 'Literal' || typeof first.value !== 'string') return;
      const isImportMetaUrl =
        base?.type === 'MemberExpression' &&
        base.object.type === 'MetaProperty' &&
        base.property.type === 'Identifier' &&
        base.property.name === 'url';
      if (!isImportMetaUrl || !first.value.startsWith('.')) return;
      if (leaves(first.value))
        context.report({
          node: first,
          messageId: 'crossPackageUrl',
          data: { source: first.value, root },
        });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      NewExpression: checkUrl,
    };
  },
};

export default { rules: { 'no-cross-package-relative-import': noCrossPackageRelativeImport } };
