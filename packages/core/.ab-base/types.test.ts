/**
 * Type tests: these lines are checked by `pnpm typecheck` (tsc). Each @ts-expect-error fails the typecheck if the
 * line it guards ever starts compiling. The runtime `it` only keeps jest from reporting an empty file.
 */
import { type Static, Type } from '@sinclair/typebox';
import { expectTypeOf } from 'expect-type';
import { defineErrors } from './define-errors';
import type { ErrataError } from './errata-error';

const Params = Type.Object({ symbol: Type.String(), supported: Type.Array(Type.String()) });
const errors = defineErrors({
  SYMBOL_NOT_FOUND: { status: 404, params: Params, message: (p) => `Symbol ${p.symbol}` },
  PLAIN: { status: 409, message: 'x' },
});

function typeChecks(): void {
  // Static<> of params flows into the factory
  expectTypeOf(errors.SYMBOL_NOT_FOUND).parameter(0).toEqualTypeOf<Static<typeof Params>>();
  expectTypeOf(errors.SYMBOL_NOT_FOUND({ symbol: 'a', supported: [] })).toEqualTypeOf<
    ErrataError<'SYMBOL_NOT_FOUND', Static<typeof Params>>
  >();
  expectTypeOf(errors.PLAIN()).toEqualTypeOf<ErrataError<'PLAIN', undefined>>();
  expectTypeOf(errors.RATE_LIMIT_EXCEEDED).parameter(0).toEqualTypeOf<{ retry_after: number }>();
  // message functions see typed params
  defineErrors({
    X: {
      status: 400,
      params: Type.Object({ n: Type.Integer() }),
      message: (p) => {
        expectTypeOf(p).toEqualTypeOf<{ n: number }>();
        return String(p.n);
      },
    },
  });

  // params declared as Type.Optional may be left out; message functions then see undefined
  const optional = defineErrors({
    LIQUIDITY: {
      status: 400,
      params: Type.Optional(Type.Object({ max: Type.String() })),
      message: (p) => {
        expectTypeOf(p).toEqualTypeOf<{ max: string } | undefined>();
        return p?.max ?? 'none';
      },
    },
  });
  expectTypeOf(optional.LIQUIDITY()).toEqualTypeOf<ErrataError<'LIQUIDITY', { max: string } | undefined>>();
  optional.LIQUIDITY({ max: '1' }, { status: 400 });
  // @ts-expect-error optional params still have their shape
  optional.LIQUIDITY({ max: 1 });
  // @ts-expect-error a status is a number
  errors.PLAIN({ status: '409' });

  // @ts-expect-error missing params
  errors.SYMBOL_NOT_FOUND();
  // @ts-expect-error a missing key
  errors.SYMBOL_NOT_FOUND({ symbol: 'a' });
  // @ts-expect-error an extra key
  errors.SYMBOL_NOT_FOUND({ symbol: 'a', supported: [], extra: 1 });
  // @ts-expect-error a wrong type
  errors.SYMBOL_NOT_FOUND({ symbol: 1, supported: [] });
  // @ts-expect-error a code that does not declare params takes none
  errors.PLAIN({ symbol: 'a' });
  // @ts-expect-error an unknown code
  errors.NOT_A_CODE();
  // @ts-expect-error an unknown code by name
  errors.create('NOT_A_CODE', undefined);
}

describe('catalog types', () => {
  it('are checked by tsc (see the file)', () => {
    expect(typeof typeChecks).toBe('function');
  });
});
