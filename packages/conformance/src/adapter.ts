import type { ErrataOptions } from '@errata/core';
import type { FixtureConfig } from './fixture';

/** A running fixture app. */
export interface RunningApp {
  /** Base URL, e.g. `http://127.0.0.1:53412`. */
  url: string;
  close(): Promise<void>;
  /**
   * For a fixture in another process: resolves once `onError` has heard every error event of the requests answered
   * so far. A fixture in the test's own process calls `onError` before it answers, and needs none.
   */
  settle?(): Promise<void>;
}

/**
 * What each adapter gives the conformance suite: a way to start its fixture app (see ROUTES) on an ephemeral
 * loopback port with errata configured by `options`, which the suite built as FIXTURE_CONFIGS[config].
 */
export interface AdapterUnderTest {
  name: string;
  start(options: ErrataOptions, config?: FixtureConfig): Promise<RunningApp>;
  /**
   * How the runtime ends a response whose body fails after the head was sent (`GET /partial`): `'cut'` (the
   * default: the connection closes with the body incomplete) or `'reset'` (the connection is reset, and the head or
   * the first chunk may never arrive). Either way no error body is glued onto the 200.
   */
  partialResponse?: 'cut' | 'reset';
}

/**
 * The routes every fixture app mounts, identically. `:name` is a key of THROWN.
 * Handlers use the adapter's success helper and its validator; everything else is left to errata.
 */
export const ROUTES = [
  'GET /ok → success(OK_DATA), 200',
  'POST /created → success({ created: true }), 201',
  'GET /throw/:name → throw THROWN[name]() synchronously',
  'GET /reject/:name → async handler; after one await, throw THROWN[name]()',
  'GET /reject-empty → return Promise.reject() (no value)',
  'GET /partial → status 200, write "partial" (flushed), then fail: the socket must be closed, nothing appended, the error reported once',
  'GET /answer-then-throw → answer success(OK_DATA), then throw new Error("after") (sync, after the answer)',
  'GET /header-then-throw → set response header x-app-header: kept the framework way, then throw catalog.CONFLICT()',
  'POST /echo → parse the JSON body with the framework parser (limit BODY_LIMIT, JSON only), success(body)',
  'GET /request-id → success({ request_id }) using the id the adapter exposes to handlers',
  'GET /delayed-id?ms=N → wait N ms, then success({ request_id })',
  'GET /methods, POST /methods → success({ method })',
  'GET /validate/query → validate query with schemas.query; success(validated)',
  'GET /validate/params/:symbol → validate params with schemas.params; success(validated)',
  'GET /validate/headers → validate headers with schemas.headers; success({ key: validated["x-api-key"] })',
  'POST /validate/body → validate JSON body with schemas.body (limit BODY_LIMIT); success(validated)',
  'POST /validate/all/:symbol → validate params, query, headers and the JSON body with one validator (validationSchemas("typebox")); success({ params, query, key: headers["x-api-key"], body })',
  'the five /validate routes again under /validate/<library>/… for each of STANDARD_LIBRARIES, with validationSchemas(library)',
] as const;
