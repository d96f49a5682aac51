import type { Context } from 'hono';
import { isFinalStatus } from '../../contract';
import type { Logger } from 'pino';
import { payByPush } from '../checkouts/push-pay';
import { PayBody } from '../checkouts/schema';
import type { CheckoutService } from '../checkouts/service';
import { readText } from '../http/body';
import { errorBody } from '../http/errors';
import { requestOrigin } from '../http/request-origin';
import type { ProviderAdapter } from '../providers/types';
import type { Clock } from '../lifecycle/clock';
import type { CheckoutRecord, Store } from '../store/types';
import type { PaymentLinks } from './capability';
import { LINK_SECURITY_HEADERS } from './page-headers';
import { refusalCode } from './page-refusal';

/** A phone number and a fee, with room for what browsers add: far more than the form sends. */
export const FORM_MAX_BYTES = 4 * 1024;
/** Longer than any way of writing a phone number: read as a wrong number, not looked at further. */
const PHONE_MAX_CHARS = 40;

/**
 * Whether a form post comes from a page of this origin. `Sec-Fetch-Site` where the browser sends
 * it; else `Origin`, unless `null`: a page under `Referrer-Policy: no-referrer` (ours) posts its
 * own forms with `Origin: null`, and browsers without `Sec-Fetch-Site` would otherwise be refused.
 * A cross-site post needs the link anyway (a capability): this keeps a page elsewhere from
 * sending a payer's request with a link it was given.
 */
export function fromThisOrigin(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined || origin === 'null') return true;
  return origin === (requestOrigin(c) ?? new URL(c.req.url).origin);
}

/** `application/x-www-form-urlencoded`, whatever its parameters (a charset). */
export function isFormPost(c: Context): boolean {
  return c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** Whether a request may still go to the payer's phone: the checkout open and its expiry ahead. */
export const payableAt = (checkout: Pick<CheckoutRecord, 'status' | 'expiresAt'>, now: number): boolean => !isFinalStatus(checkout.status) && Date.parse(checkout.expiresAt) > now;

export type PayForm = { ok: true; phone: string; fee: string | undefined } | { ok: false; message: string };

/**
 * The phone form's fields: `phone` as typed (read later in the checkout's country; missing is
 * empty, which no country reads as a number) and `fee` as the page showed it, when it showed one.
 */
export function readPayForm(body: string): PayForm {
  const fields = new URLSearchParams(body);
  const phone = (fields.get('phone') ?? '').slice(0, PHONE_MAX_CHARS + 1);
  const fee = fields.get('fee') || undefined;
  if (fee !== undefined && !PayBody.shape.fee.safeParse(fee).success) return { ok: false, message: '`fee` must be the fee the page showed, a decimal string.' };
  return { ok: true, phone: phone.length > PHONE_MAX_CHARS ? '' : phone, fee };
}

export interface PhoneFormDeps {
  service: CheckoutService;
  clock: Clock;
  providers: ReadonlyMap<string, ProviderAdapter>;
  store: Store;
  links: PaymentLinks;
  log: Logger;
  /** The page's answer to a link that opens nothing. */
  notFound(c: Context): Response | Promise<Response>;
}

const NO_STORE = { 'Cache-Control': 'no-store', ...LINK_SECURITY_HEADERS };

/**
 * `POST /pay/{link}`, the phone form posted without script (the body bounded before it): the
 * same request as the element's `POST /v1/session/pay`, answered 303 back to the page
 * (Post/Redirect/Get), which then shows the wait screen, the form with why nothing went
 * (`?refused=`), or the final panel.
 */
export function phoneFormPost({ service, clock, providers, store, links, log, notFound }: PhoneFormDeps) {
  const current = async (id: string) => {
    const checkout = await store.getCheckout(id);
    if (!checkout) throw new Error(`checkout ${id} disappeared while paying`); // checkouts are never deleted
    return checkout;
  };
  const refuse = (c: Context, status: 400 | 403 | 415, code: string, message: string) => c.json(errorBody(code, message), status, NO_STORE);

  return async function payFromForm(c: Context): Promise<Response> {
    const checkoutId = links.checkoutIdOf(c.req.param('link') ?? '');
    const checkout = checkoutId ? await store.getCheckout(checkoutId) : undefined;
    if (!checkout) return notFound(c);
    if (!fromThisOrigin(c)) return refuse(c, 403, 'CROSS_SITE_FORM', 'The payment form is sent from its own page only.');
    if (!isFormPost(c)) return refuse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'The payment form is sent as application/x-www-form-urlencoded.');
    const form = readPayForm(await readText(c));
    if (!form.ok) return refuse(c, 400, 'VALIDATION_FAILED', form.message);
    // As the element's token: no request starts once the checkout's time is up, settled or not yet.
    if (!payableAt(checkout, clock.now())) return c.body(null, 303, { Location: c.req.path, ...NO_STORE });
    const outcome = await payByPush({ service, providers, log, current }, checkout, form.phone, form.fee);
    const code = outcome.sent ? undefined : refusalCode(outcome.code);
    if (!outcome.sent) log.info({ checkoutId, code: outcome.code }, 'payment page: the phone form sent nothing');
    // Back to the page at the path it was posted to: the link the page itself is at.
    return c.body(null, 303, { Location: `${c.req.path}${code ? `?refused=${code}` : ''}`, ...NO_STORE });
  };
}
