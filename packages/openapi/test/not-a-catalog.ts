/** CLI test support: a module whose exports are not a catalog. */
export const answer = 42;
export const errors = { SYMBOL_NOT_FOUND: { status: 404 } };
