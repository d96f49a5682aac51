/**
 * Mom Factura's request bodies (seed 004; docs/providers.md, "Mom Factura"), checked by hand so every
 * problem gets one of the documented codes rather than a generic validation error.
 */
import { amountMismatch, ERRORS, invalidAmount, type MomFacturaError } from './errors';

export type Method = 'mcx' | 'ekwanza' | 'reference';
export const SIMULATE_RESULTS = ['success', 'insufficient_balance', 'timeout', 'rejected', 'invalid_number'] as const;
export type SimulateResult = (typeof SIMULATE_RESULTS)[number];

/** QA test phones (mom-factura-testing §4.5): each behaves as its simulateResult. */
export const TEST_PHONES: Readonly<Record<string, SimulateResult>> = {
  '244900000000': 'success',
  '244900000001': 'insufficient_balance',
  '244900000002': 'timeout',
  '244900000003': 'rejected',
  '244999999999': 'invalid_number',
};

export const PHONE = /^244\d{9}$/;
export const DEFAULT_IVA = 14;
const MAX_PRODUCTS = 200;

export interface Product {
  id: string;
  productName: string;
  productPrice: number;
  productQuantity: number;
  iva: number;
}

export interface Customer {
  name?: string;
  nif?: string;
  phone?: string;
}

export interface PaymentRequest {
  /** Kwanzas; the products' total when only products were given. */
  amount: number;
  phoneNumber?: string;
  products: Product[];
  customer?: Customer;
  simulateResult?: SimulateResult;
  instantWithdraw: boolean;
}

export const toCents = (kwanzas: number): number => Math.round(kwanzas * 100);

/** A positive number of Kwanzas with at most 2 decimals (AOA has 2 minor units). */
function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value < 1e13 && Math.abs(value * 100 - toCents(value)) < 1e-6;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseProducts(raw: unknown): Product[] | MomFacturaError {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_PRODUCTS) return invalidAmount(`products deve ser uma lista de até ${MAX_PRODUCTS} produtos.`);
  const products: Product[] = [];
  for (const [index, item] of raw.entries()) {
    if (!isObject(item)) return invalidAmount(`products[${index}] deve ser um objecto.`);
    const { id, productName, productPrice, productQuantity, iva } = item;
    if (typeof productName !== 'string' || productName.trim() === '' || productName.length > 200) {
      return invalidAmount(`products[${index}].productName é obrigatório.`);
    }
    if (!isAmount(productPrice)) return invalidAmount(`products[${index}].productPrice deve ser um valor positivo com até 2 casas decimais.`);
    if (typeof productQuantity !== 'number' || !Number.isInteger(productQuantity) || productQuantity < 1 || productQuantity > 1_000_000) {
      return invalidAmount(`products[${index}].productQuantity deve ser um inteiro positivo.`);
    }
    if (iva !== undefined && (typeof iva !== 'number' || !Number.isFinite(iva) || iva < 0 || iva > 14)) {
      return invalidAmount(`products[${index}].iva deve estar entre 0 e 14.`);
    }
    products.push({
      id: typeof id === 'string' || typeof id === 'number' ? String(id) : String(index + 1),
      productName,
      productPrice,
      productQuantity,
      iva: iva ?? DEFAULT_IVA,
    });
  }
  return products;
}

function parseCustomer(raw: unknown): Customer | undefined {
  if (!isObject(raw)) return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : undefined);
  return { name: text(raw.name), nif: text(raw.nif), phone: text(raw.phone) };
}

/**
 * Checks a payment body in this order: amount → products → amount rule → phone.
 * `body` is whatever JSON arrived (undefined when there was none or it did not parse).
 */
export function parsePaymentRequest(method: Method, body: unknown): PaymentRequest | MomFacturaError {
  const root = isObject(body) ? body : {};
  const info = isObject(root.paymentInfo) ? root.paymentInfo : {};
  const amount = info.amount;
  if (amount !== undefined && amount !== null && !isAmount(amount)) {
    return invalidAmount('paymentInfo.amount deve ser um número positivo com até 2 casas decimais.');
  }
  const products = parseProducts(root.products);
  if (!Array.isArray(products)) return products;

  const productsCents = products.reduce((sum, p) => sum + toCents(p.productPrice) * p.productQuantity, 0);
  const hasAmount = typeof amount === 'number';
  if (!hasAmount && products.length === 0) return ERRORS.amountMismatch;
  if (hasAmount && products.length > 0 && toCents(amount) !== productsCents) {
    return amountMismatch(`O montante (${amount} Kz) não corresponde à soma dos produtos (${productsCents / 100} Kz).`);
  }

  const phone = info.phoneNumber;
  const phoneNumber = typeof phone === 'string' && PHONE.test(phone) ? phone : undefined;
  // Reference needs no phone; MCX and E-kwanza need a well-formed one.
  if (method !== 'reference' && !phoneNumber) return ERRORS.missingPhone;

  const simulate = root.simulateResult;
  return {
    amount: hasAmount ? amount : productsCents / 100,
    phoneNumber,
    products,
    customer: parseCustomer(root.customer),
    simulateResult: SIMULATE_RESULTS.find((value) => value === simulate),
    instantWithdraw: root.instantWithdraw === true,
  };
}

/** The request body as JSON, or undefined when empty or not JSON. Never throws. */
export async function readJsonBody(request: Request): Promise<unknown> {
  try {
    const text = await request.text();
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Body of the webhook POSTs (mom-factura-webhooks §4.4). `event` only on paid ones. */
export interface WebhookBody {
  event?: 'payment.confirmed' | 'invoice.created';
  merchantTransactionId: string;
  ekwanzaTransactionId: string;
  operationStatus: '1' | '3' | '4' | '5';
  operationData: Record<string, unknown>;
  invoiceUrl?: string;
}
