/**
 * Every error status + body the sandbox answers, in one table, so routes never invent one.
 * MTN answers business errors as 500 + {code,message}; Azure APIM (in front of MTN)
 * answers gateway errors as {statusCode,message}. See README.md for sources and choices.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface MtnError {
  readonly status: ContentfulStatusCode;
  readonly body: Readonly<Record<string, unknown>>;
}

export const mtn = (status: ContentfulStatusCode, code: string, message: string): MtnError => ({
  status,
  body: { code, message },
});

const apim = (status: ContentfulStatusCode, message: string): MtnError => ({
  status,
  body: { statusCode: status, message },
});

export const ERRORS = {
  missingSubscriptionKey: apim(401, 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'),
  invalidSubscriptionKey: apim(401, 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'),
  missingAccessToken: apim(401, 'Access denied due to missing access token.'),
  invalidAccessToken: apim(401, 'Access denied due to invalid access token.'),
  expiredAccessToken: apim(401, 'Access denied due to expired access token.'),
  operationNotFound: apim(404, 'Resource not found'),
  loginFailed: { status: 401, body: { error: 'login_failed' } } satisfies MtnError,
  alreadyExists: mtn(409, 'RESOURCE_ALREADY_EXIST', 'Duplicated reference id. Creation of resource failed.'),
  notFound: mtn(404, 'RESOURCE_NOT_FOUND', 'Requested resource was not found.'),
  targetEnvironment: mtn(500, 'NOT_ALLOWED_TARGET_ENVIRONMENT', 'Access to target environment is forbidden.'),
  invalidCurrency: mtn(500, 'INVALID_CURRENCY', 'Currency not supported.'),
  callbackHost: mtn(500, 'INVALID_CALLBACK_URL_HOST', 'Callback URL with different host name to configured for API User.'),
  payerNotFound: mtn(500, 'PAYER_NOT_FOUND', 'Payer not found.'),
  internal: mtn(500, 'INTERNAL_PROCESSING_ERROR', 'An internal error occurred while processing.'),
  unavailable: mtn(503, 'SERVICE_UNAVAILABLE', 'Service temporarily unavailable, try again later.'),
} as const;

/** 400 for anything malformed; MTN documents the status but no body, so the message says what. */
export const badRequest = (message: string): MtnError => mtn(400, 'BAD_REQUEST', message);

/** 409 for cancelling an invoice that is already SUCCESSFUL or FAILED. */
export const notCancellable = (status: string): MtnError => mtn(409, 'NOT_ALLOWED', `Invoice is already ${status}; only a CREATED or PENDING invoice can be cancelled.`);

export function reply(c: Context, error: MtnError): Response {
  return c.json(error.body, error.status);
}
