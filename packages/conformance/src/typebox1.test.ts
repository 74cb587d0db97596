import { compileValidator } from '@errata/core';
import { typebox1Schema } from './typebox1';

describe('compileValidator and the typebox 1.x package', () => {
  it('refuses a schema made by typebox 1.x at registration, saying what to import instead', () => {
    const schema = typebox1Schema('Type.Object({ a: Type.String() })', require.resolve('typebox'));
    expect('~kind' in schema).toBe(true);
    expect(() => compileValidator(schema as never, 'body')).toThrow(
      /typebox` 1\.x.*Import `Type` from "@sinclair\/typebox"/,
    );
    expect(() => compileValidator({ type: 'object' } as never, 'body')).toThrow(/takes a TypeBox schema/);
  });
});
