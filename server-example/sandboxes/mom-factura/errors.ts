/**
 * Every error the sandbox answers, in one table: Mom Factura's format
 * `{ "success": false, "error": "message", "code": "ERROR_CODE" }`. The codes are the
 * documented ones (docs/providers.md, "Mom Factura"); the HTTP statuses and messages are our choices
 * (UNVERIFIED upstream), listed in README.md.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface MomFacturaError {
  readonly status: ContentfulStatusCode;
  readonly body: { readonly success: false; readonly error: string; readonly code: string };
}

const error = (status: ContentfulStatusCode, code: string, message: string): MomFacturaError => ({
  status,
  body: { success: false, error: message, code },
});

export const ERRORS = {
  missingApiKey: error(401, 'MISSING_API_KEY', 'API key em falta. Envie o cabeçalho x-api-key.'),
  invalidApiKey: error(401, 'INVALID_API_KEY', 'API key inválida ou inactiva.'),
  domainNotAllowed: error(403, 'DOMAIN_NOT_ALLOWED', 'Domínio de origem não registado para esta API key.'),
  missingRestaurantId: error(400, 'MISSING_RESTAURANT_ID', 'Comerciante não identificado para esta API key.'),
  rateLimit: error(429, 'RATE_LIMIT_EXCEEDED', 'Limite de 100 pedidos por minuto excedido.'),
  paymentRateLimit: error(429, 'PAYMENT_RATE_LIMIT_EXCEEDED', 'Limite de 20 pedidos de pagamento por minuto excedido.'),
  amountMismatch: error(400, 'AMOUNT_MISMATCH', 'Indique paymentInfo.amount ou products.'),
  missingPhone: error(400, 'MISSING_PHONE', 'paymentInfo.phoneNumber é obrigatório, no formato 244XXXXXXXXX.'),
  instantWithdrawRequired: error(400, 'INSTANT_WITHDRAW_REQUIRED', 'instantWithdraw: true é obrigatório desde 2026-06-22.'),
  notFound: error(404, 'PAYMENT_NOT_FOUND', 'Pagamento não encontrado.'),
  routeNotFound: error(404, 'NOT_FOUND', 'Rota não encontrada.'),
  internal: error(500, 'INTERNAL_ERROR', 'Erro interno do servidor.'),
  unavailable: error(503, 'INTERNAL_ERROR', 'Serviço temporariamente indisponível.'),
} as const;

export const invalidAmount = (message: string): MomFacturaError => error(400, 'INVALID_AMOUNT', message);
export const amountMismatch = (message: string): MomFacturaError => error(400, 'AMOUNT_MISMATCH', message);
export const badControl = (message: string): MomFacturaError => error(400, 'BAD_REQUEST', message);
export const paymentFinal = (state: string): MomFacturaError => error(409, 'PAYMENT_FINAL', `O pagamento já está ${state}; não pode mudar.`);

/**
 * MCX payer outcomes. Statuses and messages follow the QA mocks in Mom Factura's own SDK
 * (ithustle/sdk-momenu-react, MoMenuScenarios.test.ts): 402 "Saldo Insuficiente", 504
 * "Recusado pelo processador…", 403 "Recusado pelo cliente."; the codes are our choice.
 */
export const MCX_FAILURES = {
  insufficient_balance: error(402, 'INSUFFICIENT_BALANCE', 'Saldo Insuficiente'),
  timeout: error(504, 'PAYMENT_TIMEOUT', 'Recusado pelo processador. Poderá ser TIMEOUT. Necessário contactar a área de suporte.'),
  rejected: error(403, 'PAYMENT_REJECTED', 'Recusado pelo cliente.'),
  invalid_number: error(400, 'INVALID_NUMBER', 'Número não registado no Multicaixa Express.'),
} as const;

export function reply(c: Context, failure: MomFacturaError): Response {
  return c.json(failure.body, failure.status);
}
