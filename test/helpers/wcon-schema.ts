/** The official WCON JSON schema (../shared/data/wcon/wcon_schema.json) compiled by ajv, for tests. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { sharedData } from './shared.js';

/**
 * A validator for the official schema. The file's "$schema" is the unversioned "http://json-schema.org/schema";
 * it validates with draft-4 and draft-7 validators alike (../shared/data/PROVENANCE-formats.md), so it is compiled
 * with ajv's draft-07 rules. `format` keywords (date-time) are not checked.
 */
export function wconSchemaValidator(): ((data: unknown) => boolean) & { errors?: unknown } {
  const schema = JSON.parse(readFileSync(sharedData('wcon', 'wcon_schema.json'), 'utf8')) as Record<string, unknown>;
  delete schema['$schema'];
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}
