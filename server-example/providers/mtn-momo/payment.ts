import type { MtnMethod, MtnMethodDeps } from './method';
import { MAX_NOTE_LENGTH, pushMethod } from './push';
import type { CreatePaymentBody } from './wire';

const DEFAULT_SERVICE_PROVIDER_USER_NAME = 'momo-checkout';

/** CreatePayments (Collection v2_0 Partner Gateway, seed 002): a push to the wallet named by customerReference. */
export function paymentMethod(deps: MtnMethodDeps): MtnMethod {
  const serviceProviderUserName = deps.options.serviceProviderUserName ?? DEFAULT_SERVICE_PROVIDER_USER_NAME;
  return pushMethod(deps, {
    name: 'payment',
    operation: 'collection.payment',
    controlPath: '/payments',
    path: '/collection/v2_0/payment',
    body({ checkout, phone }): CreatePaymentBody {
      const note = (checkout.description ?? checkout.reference).slice(0, MAX_NOTE_LENGTH);
      return {
        externalTransactionId: checkout.reference,
        money: { amount: checkout.amount, currency: checkout.currency },
        customerReference: phone,
        serviceProviderUserName,
        receiverMessage: note,
        senderNote: note,
        // The payer's fees on top, so the merchant receives the checkout's amount.
        includeSenderCharges: false,
      };
    },
  });
}
