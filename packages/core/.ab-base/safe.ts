/** Reading properties of a value that may be hostile: throwing getters, revoked Proxies, null prototypes. */

/** Reads `value[key]`, or undefined if anything throws. */
export function read(value: unknown, key: PropertyKey): unknown {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  try {
    return (value as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** Reads a string property, capped. */
export function readString(value: unknown, key: PropertyKey, max = 1024): string | undefined {
  const v = read(value, key);
  return typeof v === 'string' ? cap(v, max) : undefined;
}

/** An HTTP error status read from `status` or `statusCode`: only integers in 400–599 count. */
export function readStatus(value: unknown): number | undefined {
  for (const key of ['status', 'statusCode']) {
    const v = read(value, key);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 400 && v <= 599) return v;
  }
  return undefined;
}

/** Whether the value looks like an `Error` from any realm, without trusting `instanceof`. */
export function isErrorLike(value: unknown): boolean {
  try {
    if (value instanceof Error) return true;
    return Object.prototype.toString.call(value) === '[object Error]';
  } catch {
    return false;
  }
}

/** Truncates a string to `max` characters, marking the cut. */
export function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
