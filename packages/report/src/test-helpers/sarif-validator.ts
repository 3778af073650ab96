// Validates SARIF against the 2.1.0 schema. The schema (draft-04) and the
// Ajv 6 that can read it both come from @microsoft/jest-sarif, Microsoft's own
// SARIF test helpers.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const jestSarif = createRequire(require.resolve('@microsoft/jest-sarif'));
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as object;

export interface Validator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

export function compileSarifValidator(): Validator {
  const Ajv = jestSarif('ajv') as new (options: object) => {
    addMetaSchema(schema: object): void;
    compile(schema: object): Validator;
  };
  const ajv = new Ajv({ schemaId: 'auto', allErrors: true, unknownFormats: 'ignore' });
  ajv.addMetaSchema(jestSarif('ajv/lib/refs/json-schema-draft-04.json') as object);
  return ajv.compile(schema);
}
