import { Hono, type Context } from 'hono';
import { decodeJwt } from 'jose';
import { isFinalStatus } from '../../contract';
import { CheckoutCreationError, type CheckoutService, type CreatedCheckout } from '../checkouts/service';
import { CreateCheckoutBody } from '../checkouts/schema';
import { sessionLocaleCandidates, withTranslation } from '../checkouts/session-locale';
import { toMerchantCheckout, toSession } from '../checkouts/views';
import { merchantAuth } from '../http/auth';
import { isWithin } from '../money';
import { readJson } from '../http/body';
import { ApiError, errorBody } from '../http/errors';
import { idempotent, type IdempotentRun, type StoredResponse } from '../http/idempotency';
import { ProviderError, type ProviderAdapter } from '../providers/types';
import { checkoutCountry, countryIn, ruleIn } from '../phones/checkout-country';
import { paymentLinkUrl, type PaymentLinks } from '../payment-links/capability';
import { acceptedForms, readPayerPhone, readPhone } from '../phones/read';
import type { Clock } from '../lifecycle/clock';
import type { Store } from '../store/types';
import type { CheckoutTokens } from '../token';

export interface MerchantRoutesDeps {
  store: Store;
  clock: Clock;
  service: CheckoutService;
  providers: ReadonlyMap<string, ProviderAdapter>;
  apiKey: string;
  tokens: CheckoutTokens;
  /**
   * The issuer a new checkout's token names instead of the configured one, from the request (outside
   * production with no public URL: the host the merchant reached us at); undefined keeps the configured one.
   */
  issuerFor?: (c: Context) => string | undefined;
  /** Each checkout's hosted payment page (`/pay/…`). */
  links: PaymentLinks;
  /** The name sessions show (the `session` a create answers). */
  merchantName: string;
}

/** Server-to-server routes: create, read and cancel checkouts. */
export function merchantRoutes({ store, clock, service, providers, apiKey, tokens, issuerFor = () => undefined, links, merchantName }: MerchantRoutesDeps) {
  const app = new Hono();
  app.use('*', merchantAuth({ apiKey }));

  async function createdAnswer({ checkout, token }: CreatedCheckout, issuer: string | undefined): Promise<StoredResponse> {
    const issued = issuer ? await tokens.reissue(token, issuer) : token;
    const { id, status, expiresAt, provider, method, amount, currency, reference } = checkout;
    // On the host the token sends the element to: the page there mints its tokens for the same issuer.
    const url = paymentLinkUrl(decodeJwt(issued).iss!, links.linkFor(id));
    // Stored with the key's claim, as the rest: a replay answers the session as it was then.
    const session = checkout.instructions.length && !isFinalStatus(status) ? createdSession(checkout) : undefined;
    return { status: 201, body: { id, token: issued, status, expiresAt, provider, method, amount, currency, reference, url, ...(session ? { session } : {}) } };
  }

  /** `GET /v1/session` as the element would read it right away, in the checkout's language (no browser's yet). */
  function createdSession(checkout: CreatedCheckout['checkout']) {
    return withTranslation(toSession(checkout, merchantName, checkoutCountry(providers, checkout)), sessionLocaleCandidates({ checkout: checkout.locale }));
  }

  /**
   * A retry that took over the key of a request that died after creating its checkout: that
   * checkout, finished if its create never ended, with a fresh token. Never a second one.
   */
  async function resumeCheckout(checkoutId: string, issuer: string | undefined): Promise<StoredResponse> {
    try {
      return await createdAnswer(await service.resumeCreate(checkoutId), issuer);
    } catch (err) {
      // Sent again (the provider had nothing) and refused or failed: answered as the first create would have been.
      if (err instanceof CheckoutCreationError) return creationFailed(err);
      // Thrown, not answered: the claim is kept (a 5xx answer would free the key for a second checkout).
      if (err instanceof ProviderError) throw new ApiError(503, 'PROVIDER_UNAVAILABLE', `${err.message} Checkout ${checkoutId} is being created; retry with the same Idempotency-Key.`);
      throw err;
    }
  }

  async function createCheckout(body: CreateCheckoutBody, issuer: string | undefined, run: IdempotentRun): Promise<StoredResponse> {
    const resumed = run.resumed?.subjectId;
    if (resumed) return resumeCheckout(resumed, issuer);
    const adapter = providers.get(body.provider);
    if (!adapter) {
      return { status: 422, body: errorBody('UNSUPPORTED_PROVIDER', `Provider "${body.provider}" is not available. Available: ${[...providers.keys()].join(', ')}.`) };
    }
    const method = Object.hasOwn(adapter.methods, body.method) ? adapter.methods[body.method] : undefined;
    if (!method) {
      return { status: 422, body: errorBody('UNSUPPORTED_METHOD', `${body.provider} offers ${Object.keys(adapter.methods).join(', ')}, not "${body.method}".`) };
    }
    if (!method.currencies.includes(body.currency)) {
      return { status: 422, body: errorBody('UNSUPPORTED_CURRENCY', `${body.provider} ${body.method} takes ${method.currencies.join(', ') || 'no currency as configured'}, not ${body.currency}.`) };
    }
    // In the method's currency (checked first), compared as decimals: a float would round "999999999999999.99" up to a number in range.
    if (!isWithin(body.amount, method.amount)) {
      const { min, max } = method.amount;
      return { status: 422, body: errorBody('AMOUNT_OUT_OF_RANGE', `${body.provider} ${body.method} takes amounts from ${min} to ${max} ${body.currency}, not ${body.amount}.`) };
    }
    // What the provider would refuse only once the payer is waiting is refused now, with nothing created.
    const taxed = method.maxTaxRate === undefined ? undefined : body.items?.find((item) => (item.taxRate ?? 0) > method.maxTaxRate!);
    if (taxed) {
      return { status: 422, body: errorBody('TAX_RATE_OUT_OF_RANGE', `${body.provider} ${body.method} takes tax rates of 0–${method.maxTaxRate} %, not ${taxed.taxRate} % (item "${taxed.name}").`) };
    }
    // payer.phone in any form people write, read in the checkout's country, is stored as international digits.
    const country = countryIn(adapter, body.currency);
    const given = body.payer?.phone;
    const payerPhone = given === undefined ? undefined : method.payerPhone ? readPhone(given, ruleIn(method.payerPhone, country)) : readPayerPhone(given, country);
    if (method.payerPhone && !payerPhone?.ok) {
      const forms = acceptedForms(country, ruleIn(method.payerPhone, country).example);
      return { status: 422, body: errorBody('PAYER_PHONE_REQUIRED', `${body.provider} ${body.method} sends its code to the payer's phone: give it as payer.phone. ${forms}`) };
    }
    if (payerPhone && !payerPhone.ok) return { status: 422, body: errorBody('INVALID_PAYER_PHONE', `payer.phone is not a phone number. ${payerPhone.message}`) };
    try {
      const input = payerPhone ? { ...body, payer: { ...body.payer, phone: payerPhone.digits } } : body;
      return await createdAnswer(await service.create(input, { idempotency: run.claim }), issuer);
    } catch (err) {
      if (!(err instanceof CheckoutCreationError)) throw err;
      return creationFailed(err);
    }
  }

  function creationFailed({ providerError: cause, checkout }: CheckoutCreationError): StoredResponse {
    return cause.kind === 'rejected'
      ? { status: 422, body: errorBody('PROVIDER_REJECTED', `${cause.message} Checkout ${checkout.id} is failed.`) }
      : { status: 502, body: errorBody('PROVIDER_UNAVAILABLE', `${cause.message} Checkout ${checkout.id} is failed; retry with the same Idempotency-Key.`) };
  }

  app.post('/', async (c) => {
    const { data, raw } = await readJson(c, CreateCheckoutBody);
    const response = await idempotent(store, clock, 'merchant', c.req.header('idempotency-key'), raw, (run) => createCheckout(data, issuerFor(c), run));
    if (response.replayed) c.header('Idempotent-Replayed', 'true');
    if (response.retryAfter !== undefined) c.header('Retry-After', String(response.retryAfter));
    return c.json(response.body as object, response.status as 201);
  });

  async function load(id: string) {
    const checkout = await store.getCheckout(id);
    if (!checkout) throw new ApiError(404, 'CHECKOUT_NOT_FOUND', `No checkout ${id}.`);
    return checkout;
  }

  app.get('/:id', async (c) => {
    const checkout = await load(c.req.param('id'));
    return c.json(toMerchantCheckout(checkout, await store.listEvents(checkout.id)));
  });

  app.post('/:id/cancel', async (c) => {
    const checkout = await load(c.req.param('id'));
    if (isFinalStatus(checkout.status)) {
      throw new ApiError(409, 'CHECKOUT_FINAL', `Checkout ${checkout.id} is already ${checkout.status}.`);
    }
    try {
      const cancelled = await service.cancel(checkout);
      return c.json(toMerchantCheckout(cancelled, await store.listEvents(cancelled.id)));
    } catch (err) {
      if (err instanceof ProviderError) {
        throw new ApiError(err.kind === 'rejected' ? 409 : 502, err.kind === 'rejected' ? 'CANCEL_REFUSED' : 'PROVIDER_UNAVAILABLE', err.message);
      }
      throw err;
    }
  });

  return app;
}
