// ESLint rule: a package imports only the @kvmsim packages below it, and
// declares each one it imports in its package.json. The layers follow one
// pull request through the pipeline (docs/architecture.md):
//
//   mmu-model  <-  extract, sim  <-  scenarios  <-  report  <-  analyze  <-  apps
//
// so that no package can reach up into one that runs it, each package works
// from npm with what its package.json lists, and a new package must be given
// its place in LAYERS before it imports anything of ours.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';

const SCOPE = '@kvmsim/';

const LIBRARIES = [
  '@kvmsim/mmu-model',
  '@kvmsim/extract',
  '@kvmsim/sim',
  '@kvmsim/scenarios',
  '@kvmsim/report',
  '@kvmsim/analyze',
];

/** What each package may import of ours, by package name. */
export const LAYERS = {
  '@kvmsim/mmu-model': [],
  '@kvmsim/extract': ['@kvmsim/mmu-model'],
  '@kvmsim/sim': ['@kvmsim/mmu-model'],
  '@kvmsim/scenarios': ['@kvmsim/mmu-model', '@kvmsim/extract', '@kvmsim/sim'],
  '@kvmsim/report': ['@kvmsim/mmu-model', '@kvmsim/extract', '@kvmsim/sim', '@kvmsim/scenarios'],
  '@kvmsim/analyze': LIBRARIES.filter((name) => name !== '@kvmsim/analyze'),
  // The shells and the real-kernel suite: every library, never each other.
  kvmsim: LIBRARIES,
  '@kvmsim/bot': LIBRARIES,
  '@kvmsim/kernel-tests': LIBRARIES,
};

/** Files that never ship (tests, their helpers and fixtures, benches): devDependencies do. */
const DEVELOPMENT_ONLY =
  /(^|\/)(test|tests|bench|test-helpers|__fixtures__)\/|\.test\.[cm]?[jt]sx?$|^vitest\.config\.[cm]?[jt]s$/;

/** Nearest ancestor directory of `file` that holds a package.json, with that manifest. */
function packageOf(file) {
  let directory = dirname(file);
  for (;;) {
    const manifest = resolve(directory, 'package.json');
    if (existsSync(manifest))
      return { root: directory, manifest, json: JSON.parse(readFileSync(manifest, 'utf8')) };
    const parent = dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** `@kvmsim/report` for `@kvmsim/report/schema/report.schema.json`. */
function packageName(source) {
  return source.split('/').slice(0, 2).join('/');
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeredPackageImports = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'a package imports only the @kvmsim packages of lower layers, each declared in its package.json',
    },
    schema: [
      {
        type: 'object',
        properties: {
          layers: {
            type: 'object',
            additionalProperties: { type: 'array', items: { type: 'string' } },
          },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      upward:
        '{{importer}} may not import {{target}}: the layers go mmu-model <- extract, sim <- scenarios <- report <- analyze <- apps; {{importer}} may import {{allowed}}.',
      unplaced:
        '{{importer}} imports {{target}} but has no place in the layers; add it to LAYERS in scripts/eslint/layered-package-imports.js.',
      undeclared: '{{target}} is imported but not declared in {{fields}} of {{manifest}}.',
    },
  },
  create(context) {
    const layers = context.options[0]?.layers ?? LAYERS;
    const owner = packageOf(context.filename);
    if (owner === undefined) return {};
    const importer = owner.json.name;
    const developmentOnly = DEVELOPMENT_ONLY.test(
      relative(owner.root, context.filename).split(sep).join('/'),
    );
    const fields = developmentOnly
      ? ['dependencies', 'peerDependencies', 'devDependencies']
      : ['dependencies', 'peerDependencies'];
    function check(node) {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith(SCOPE)) return;
      const target = packageName(source);
      if (target === importer) return;
      const allowed = layers[importer];
      const data = { importer, target };
      if (allowed === undefined) {
        context.report({ node: node.source, messageId: 'unplaced', data });
        return;
      }
      if (!allowed.includes(target)) {
        context.report({
          node: node.source,
          messageId: 'upward',
          data: { ...data, allowed: allowed.length === 0 ? 'none of ours' : allowed.join(', ') },
        });
        return;
      }
      if (!fields.some((field) => owner.json[field]?.[target] !== undefined))
        context.report({
          node: node.source,
          messageId: 'undeclared',
          data: {
            target,
            fields: fields.join(' or '),
            manifest: relative(context.cwd, owner.manifest).split(sep).join('/'),
          },
        });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'layered-package-imports': layeredPackageImports } };
