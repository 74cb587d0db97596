/**
 * The 004 error page, generated from the recipe's catalog by @errata/openapi's reference generator: codes as the wire
 * spells them, the page's own body shape, the endpoints the page groups them by. `tsx error-page.ts` rewrites
 * ERRORS.md beside it; a test keeps the two in sync, so a reader can compare ERRORS.md with page.txt.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderErrorReference } from '@errata/openapi';
import { errors } from './errors';
import { wireCode } from './format';

const QUOTE_CODES = errors.codes.filter((code) => /^(QUOTE|RISK_ENGINE|CIRCUIT_BREAKER|NOTIONAL)_/.test(code));

/** The endpoints of the page's "Error codes by endpoint", with the codes each may answer. */
export const ROUTES = [
  { method: 'POST', path: '/tokens', errors: ['CUSTOMER_AUTH_INVALID_WALLET_ADDRESS'] },
  { method: 'GET', path: '/markets/{ticker}', errors: ['CUSTOMER_MARKET_NOT_FOUND'] },
  { method: 'GET', path: '/positions/{position_id}', errors: ['CUSTOMER_POSITION_NOT_FOUND', 'UNAUTHORIZED'] },
  { method: 'POST', path: '/quotes', errors: QUOTE_CODES },
] as const;

/**
 * The page as Markdown.
 * @example writeFileSync('ERRORS.md', renderErrorPage())
 */
export function renderErrorPage(): string {
  return renderErrorReference({
    catalog: errors,
    routes: ROUTES.map((route) => ({ ...route, errors: [...route.errors] })),
    title: 'Error reference',
    displayCode: wireCode,
    envelope: '{ "error": { "type": "INVALID_REQUEST_ERROR", "code": "…", "message": "…", "params": { … } } }',
  });
}

const script = process.argv[1];
if (script?.endsWith('error-page.ts')) writeFileSync(join(dirname(script), 'ERRORS.md'), renderErrorPage());
