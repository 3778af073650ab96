// ESLint rule: a relative import must stay inside the package that contains the
// importing file. Crossing into another workspace must go through its published
// name (`@kvmsim/sim`), so that every package works from npm alone and the
// one-way layering of docs/architecture.md is visible in package.json.
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
    },
  },
  create(context) {
    const file = context.filename;
    const root = packageRootOf(file);
    if (root === undefined) return {};
    function check(node) {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      if (target !== root && !target.startsWith(root + sep)) {
        context.report({ node: node.source, messageId: 'crossPackage', data: { source, root } });
      }
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'no-cross-package-relative-import': noCrossPackageRelativeImport } };
