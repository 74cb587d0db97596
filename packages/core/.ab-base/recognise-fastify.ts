import { ajvErrorsToDetails } from './details';
import { codeTable, type Recogniser } from './recognised';
import { read, readString } from './safe';

/** Fastify's own error codes that are the client's fault, and the code each one means. */
const FASTIFY_CODES = codeTable({
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_NOT_FOUND: 'NOT_FOUND',
});

/**
 * Fastify: schema validation by its default AJV validator (`validation` + `validationContext`) and its `FST_ERR_*`
 * codes for body parsing and URLs.
 * @example recogniseFastify(error, [])
 */
export const recogniseFastify: Recogniser = (error) => {
  const validation = read(error, 'validation');
  if (Array.isArray(validation)) {
    const context = readString(error, 'validationContext') ?? 'body';
    const location = context === 'querystring' ? 'query' : context; // Fastify calls the query `querystring`
    return {
      kind: 'standard',
      code: 'VALIDATION_ERROR',
      details: ajvErrorsToDetails(validation, location),
      validation: true,
    };
  }
  const code = FASTIFY_CODES.get(readString(error, 'code', 64) ?? '');
  return code === undefined ? undefined : { kind: 'standard', code };
};
