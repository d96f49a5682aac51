import type { MtnMethod, MtnMethodDeps } from './method';
import { MAX_NOTE_LENGTH, pushMethod } from './push';
import type { RequestToPayBody } from './wire';

/** RequestToPay (Collection v1_0; docs/providers.md, "MTN MoMo"): MTN asks the payer to approve with their PIN. */
export function requestToPayMethod(deps: MtnMethodDeps): MtnMethod {
  return pushMethod(deps, {
    name: 'request to pay',
    operation: 'collection.requesttopay',
    controlPath: '/requesttopay',
    path: '/collection/v1_0/requesttopay',
    body({ checkout, phone }): RequestToPayBody {
      return {
        amount: checkout.amount,
        currency: checkout.currency,
        externalId: checkout.reference,
        payer: { partyIdType: 'MSISDN', partyId: phone },
        payerMessage: (checkout.description ?? checkout.reference).slice(0, MAX_NOTE_LENGTH),
        payeeNote: checkout.reference.slice(0, MAX_NOTE_LENGTH),
      };
    },
  });
}
