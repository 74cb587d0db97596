/**
 * A framework path as an OpenAPI path, and the path parameters it names: `/orders/:id` → `/orders/{id}`. Hono's and
 * find-my-way's regex suffixes (`:id{[0-9]+}`) and optional marks (`:id?`) are dropped.
 * @example openApiPath('/v1/orderbook/:symbol') // { path: '/v1/orderbook/{symbol}', params: ['symbol'] }
 */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path
    .split('/')
    .map((segment) => {
      const match = /^:([A-Za-z0-9_]+)/.exec(segment) ?? /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      if (match === null) return segment;
      params.push(match[1] as string);
      return `{${match[1]}}`;
    })
    .join('/');
  return { path: converted, params };
}
