// The SDK's server validates elicitation answers with ajv; `ticket mcp` asks no elicitation, and
// loading ajv would double its start-up. scripts/build.mjs puts this module in place of the SDK's
// ajv provider: the same interface, over the small checker the tool inputs use.

import type { JsonSchema } from '../schema/json.js';
import { check } from '../schema/validate.js';

export class AjvJsonSchemaValidator {
  getValidator<T>(schema: JsonSchema): (input: unknown) => { valid: true; data: T; errorMessage: undefined } | { valid: false; data: undefined; errorMessage: string } {
    return (input: unknown) => {
      const p = check(schema, input);
      return p ? { valid: false, data: undefined, errorMessage: p.message } : { valid: true, data: input as T, errorMessage: undefined };
    };
  }
}
