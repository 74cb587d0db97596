/** Runs a real OpenAPI validator (@readme/openapi-parser) on a copy of a document (it dereferences in place). */
import { compileErrors, validate } from '@readme/openapi-parser';

export async function expectValidOpenApi(document: object): Promise<void> {
  const result = await validate(structuredClone(document) as never);
  expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
  expect(result.warnings).toEqual([]);
}
