/**
 * Keys, plans and credits, in memory. Each request costs credits; a request whose cost is above the balance is
 * refused with 402 before anything runs or is charged. The demo key `mtk_demo` shares one hourly budget.
 */
import { Type } from '@sinclair/typebox';
import { CalendarWindow } from '../shared/calendar-window';
import type { Clock } from '../shared/clock';
import { demoBudgetExhausted, errors } from './errors';

export type Plan = 'demo' | 'free' | 'starter';

export interface Account {
  key: string;
  plan: Plan;
  /** Requests per minute. */
  rate: number;
  /** The balance; the demo key draws on the shared hourly budget instead. */
  credits: number;
}

const DEMO_BUDGET_PER_HOUR = 100;
export const HOUR_MS = 3_600_000;

/**
 * Demo keys: `mtk_demo` is the page's; the others show a plan without SEC access, an empty balance, a paid plan.
 * @example const accounts = createAccounts(now); accounts.charge(accounts.authenticate(header), 1)
 */
export function createAccounts(now: Clock) {
  const accounts = new Map<string, Account>(
    [
      { key: 'mtk_demo', plan: 'demo', rate: 120, credits: 0 },
      { key: 'mtk_free_demo', plan: 'free', rate: 10, credits: 500 },
      { key: 'mtk_empty_demo', plan: 'starter', rate: 60, credits: 0 },
      { key: 'mtk_starter_demo', plan: 'starter', rate: 60, credits: 10_000 },
    ].map((account) => [account.key, account as Account]),
  );
  const demoBudget = new CalendarWindow(HOUR_MS, now);

  return {
    /** The account for an `Authorization: Bearer mtk_…` header, or undefined. */
    authenticate(authorization: string | undefined): Account | undefined {
      const key = /^Bearer (mtk_[A-Za-z0-9_]+)$/.exec(authorization ?? '')?.[1];
      return key === undefined ? undefined : accounts.get(key);
    },
    /** Charges `cost` credits, or refuses with 402 and charges nothing. */
    charge(account: Account, cost: number): void {
      if (account.plan === 'demo') {
        if (!demoBudget.peek('demo', DEMO_BUDGET_PER_HOUR).allowed) throw demoBudgetExhausted();
        for (let i = 0; i < cost; i++) demoBudget.take('demo', DEMO_BUDGET_PER_HOUR);
        return;
      }
      if (account.credits < cost) throw errors.INSUFFICIENT_CREDITS();
      account.credits -= cost;
    },
    balance(account: Account): number {
      return account.plan === 'demo' ? demoBudget.peek('demo', DEMO_BUDGET_PER_HOUR).remaining : account.credits;
    },
  };
}

export const Page = Type.Object({
  limit: Type.Number({ minimum: 1, maximum: 100, default: 10 }),
  cursor: Type.Optional(Type.String()),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const PackageParams = Type.Object({ packageId: Type.String({ pattern: '^pkg_[a-z0-9]+$' }) });

const SIGNALS = Array.from({ length: 40 }, (_, i) => ({
  id: `sig_${i + 1}`,
  symbol: i % 2 ? 'ETH' : 'BTC',
  score: 0.5,
}));
const FILINGS = Array.from({ length: 40 }, (_, i) => ({ id: `sec_${i + 1}`, form: i % 3 ? '10-Q' : '8-K' }));
const PACKAGES: Record<string, { credits: number; price_usd: number }> = {
  pkg_starter: { credits: 10_000, price_usd: 19 },
  pkg_pro: { credits: 100_000, price_usd: 149 },
};

/** One page of a list: `cursor` is the id after which it starts. */
function paginate<T extends { id: string }>(items: T[], query: { limit: number; cursor?: string }) {
  const start = query.cursor === undefined ? 0 : items.findIndex((item) => item.id === query.cursor) + 1;
  const slice = items.slice(start, start + query.limit);
  return { items: slice, next_cursor: slice.length === query.limit ? (slice.at(-1)?.id ?? null) : null };
}

export const signals = (query: { limit: number; cursor?: string }) => paginate(SIGNALS, query);
export const filings = (query: { limit: number; cursor?: string }) => paginate(FILINGS, query);

export function creditPackage(id: string) {
  const found = PACKAGES[id];
  if (found === undefined || !Object.hasOwn(PACKAGES, id)) throw errors.NOT_FOUND();
  return { id, ...found };
}
