const VALID_ID = /^[A-Za-z0-9._:=-]{1,128}$/;

export interface RequestIdOptions {
  /** The header read and written. Default `x-request-id`. */
  header?: string;
  /** Makes a new id. Default `crypto.randomUUID()`. */
  generate?: () => string;
  /** Whether an inbound id may be kept. Default: 1–128 characters of `[A-Za-z0-9._:=-]`. */
  validate?: (id: string) => boolean;
}

/**
 * Whether an inbound request id is safe to keep and echo.
 * @example isValidRequestId('abc-123') // true
 */
export function isValidRequestId(id: string): boolean {
  return VALID_ID.test(id);
}

/**
 * A new unique request id (a UUID v4), from the Web Crypto API every runtime has.
 * @example generateRequestId() // '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function generateRequestId(): string {
  return globalThis.crypto.randomUUID();
}
