import { codeTable, type Recogniser } from './recognised';
import { readStatus, readString } from './safe';

/** body-parser / raw-body error `type`s and the code each one means. */
const BODY_PARSER_TYPES = codeTable({
  'entity.parse.failed': 'INVALID_JSON',
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'parameters.too.many': 'PAYLOAD_TOO_LARGE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'request.aborted': 'BAD_REQUEST',
  'request.size.invalid': 'BAD_REQUEST',
  'entity.verify.failed': 'FORBIDDEN',
});

/**
 * body-parser and raw-body (Express's `express.json()`): their `type`, and a JSON `SyntaxError` with a 400.
 * @example recogniseBodyParser(error, [])
 */
export const recogniseBodyParser: Recogniser = (error) => {
  const type = readString(error, 'type', 64);
  const code = type === undefined ? undefined : BODY_PARSER_TYPES.get(type);
  const status = readStatus(error);
  if (code !== undefined && status !== undefined) return { kind: 'standard', code };
  if (status === 400 && readString(error, 'name') === 'SyntaxError') return { kind: 'standard', code: 'INVALID_JSON' };
  return undefined;
};
