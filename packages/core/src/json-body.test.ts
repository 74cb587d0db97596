import { contentEncodingProblem, framingInDoubt, hasBody, headerLines, jsonBodyProblem } from './json-body';

const check = (
  contentType: string | null,
  contentLength: string | null = '2',
  transferEncoding: string | null = null,
) => jsonBodyProblem(contentType, hasBody(contentLength, transferEncoding));

describe('jsonBodyProblem', () => {
  it('passes JSON bodies in UTF-8, any +json flavour, any case', () => {
    for (const type of [
      'application/json',
      'Application/JSON',
      'application/json; charset=utf-8',
      'application/json;charset="UTF-8"',
      'application/merge-patch+json',
      'application/vnd.api+json; charset=utf8',
    ]) {
      expect([type, check(type)]).toEqual([type, undefined]);
    }
    expect(check('application/json', null, 'chunked')).toBeUndefined();
  });

  it('refuses other media types and charsets with UNSUPPORTED_MEDIA_TYPE', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/jsonp',
      'application/json; charset=latin1',
      'application/json; charset=utf-16le',
      'json',
    ]) {
      expect([type, check(type)]).toEqual([type, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    expect(check(null)).toBe('UNSUPPORTED_MEDIA_TYPE'); // a body with no type
    expect(check('', null)).toBe('UNSUPPORTED_MEDIA_TYPE'); // an empty Content-Type, even without a body
  });

  it('answers INVALID_JSON for a JSON type with nothing to parse, and passes no body with no type', () => {
    expect(check('application/json', '0')).toBe('INVALID_JSON');
    expect(check('application/json', null)).toBe('INVALID_JSON');
    expect(check(null, null)).toBeUndefined();
    expect(check(null, '0')).toBeUndefined();
  });

  it('takes the media types to accept', () => {
    const patch = (type: string) => type === 'application/merge-patch+json';
    expect(jsonBodyProblem('application/json', true, patch)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(jsonBodyProblem('application/merge-patch+json; charset=utf-8', true, patch)).toBeUndefined();
    expect(jsonBodyProblem('application/merge-patch+json; charset=latin1', true, patch)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('jsonBodyProblem on malformed Content-Types', () => {
  it('refuses anything but exactly one well-formed media type, as Express 4 does', () => {
    for (const type of [
      'application/json;',
      'application/json; charset',
      'application/json; charset=utf-8; charset=utf-8',
      'application/json; a=1; A=2',
      'application/json, text/plain', // two Content-Type lines, joined by @hono/node-server
      'application/json; charset=utf-8, text/plain',
      'application/json/x',
    ]) {
      expect([type, check(type)]).toEqual([type, 'UNSUPPORTED_MEDIA_TYPE']);
    }
  });

  it('keeps what content-type 1.x accepts: spaces around ";" and "=", quoted values', () => {
    for (const type of [
      ' application/json ',
      'application/json ; charset = utf-8',
      'application/json; charset="utf-8"; q="a;b"',
    ]) {
      expect([type, check(type)]).toEqual([type, undefined]);
    }
  });
});

describe('framingInDoubt', () => {
  it('is true for any Transfer-Encoding but chunked alone, whatever its case', () => {
    for (const coding of ['gzip', 'chunked, gzip', 'gzip, chunked', 'chunked, chunked', 'identity', ''])
      expect([coding, framingInDoubt(coding)]).toEqual([coding, true]);
    for (const coding of ['chunked', 'Chunked', 'CHUNKED'])
      expect([coding, framingInDoubt(coding)]).toEqual([coding, false]);
    expect(framingInDoubt(undefined)).toBe(false);
  });
});

describe('hasBody', () => {
  it('reads Content-Length as a decimal number: a zero with leading zeros is no body', () => {
    for (const length of ['0', '00', '000', ' 0 '])
      expect([length, hasBody(length, undefined)]).toEqual([length, false]);
    for (const length of ['1', '01', '10', '002']) expect([length, hasBody(length, undefined)]).toEqual([length, true]);
    expect(hasBody(undefined, undefined)).toBe(false);
    expect(hasBody(null, 'chunked')).toBe(true); // an empty chunked body says so only once read
  });

  it('answers INVALID_JSON for a JSON type with a zero length written as 00', () => {
    expect(check('application/json', '00')).toBe('INVALID_JSON');
    expect(check(null, '00')).toBeUndefined();
  });
});

describe('contentEncodingProblem', () => {
  it('passes no coding and identity, refuses any other unless accepted', () => {
    expect(contentEncodingProblem(undefined, true)).toBeUndefined();
    expect(contentEncodingProblem(null, true)).toBeUndefined();
    expect(contentEncodingProblem(' Identity ', true)).toBeUndefined();
    for (const coding of ['gzip', 'br', 'deflate', 'identity, identity', 'gzip, identity', '']) {
      expect([coding, contentEncodingProblem(coding, true)]).toEqual([coding, 'UNSUPPORTED_MEDIA_TYPE']);
    }
    expect(contentEncodingProblem('GZIP', true, ['gzip'])).toBeUndefined();
    expect(contentEncodingProblem('gzip', false)).toBeUndefined(); // no body: nothing coded
  });
});

describe('headerLines', () => {
  it('joins every line of a header, any case, as the Fetch API does', () => {
    const raw = ['Content-Type', 'application/json', 'Host', 'x', 'content-type', 'text/plain'];
    expect(headerLines(raw, 'content-type')).toBe('application/json, text/plain');
    expect(headerLines(raw, 'host')).toBe('x');
    expect(headerLines(raw, 'accept')).toBeUndefined();
  });
});
