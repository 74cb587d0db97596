const warned = new Set<string>();

/**
 * Warns about a setup mistake once per process, with the fix in the message: a missing piece must never degrade
 * answers silently, nor flood the log on every request.
 * @example warnOnce('errata: app.onError(onError) is not set; …')
 */
export function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(message);
}
