/** What the shop sells: in a real shop, its database's orders. */
export interface Order {
  ref: string;
  /** A decimal string in major units, as the backend takes it. */
  amount: string;
  currency: string;
  description: string;
  provider: string;
  method: string;
  /** The language the merchant knows the customer reads; without one, the payer's browser decides. */
  locale?: string;
}

const ORDERS: readonly Order[] = [
  { ref: 'ORD-1001', amount: '150000', currency: 'UGX', description: 'Term 1 school fees', provider: 'mtn-momo', method: 'invoice' },
  { ref: 'ORD-1002', amount: '45000', currency: 'UGX', description: 'Frais de cantine', provider: 'mtn-momo', method: 'invoice', locale: 'fr' },
];

/** The order a page asks to pay; the one `/` shows. */
export const SAMPLE_ORDER_REF = 'ORD-1001';

export const findOrder = (ref: string): Order | undefined => ORDERS.find((order) => order.ref === ref);
