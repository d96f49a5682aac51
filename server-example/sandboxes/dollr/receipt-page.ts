/**
 * The hosted receipt page a Dollr receipt link opens (api/links.md "Receipt link"): what the
 * receipt endpoint returns, as a page a payer can read. Dollr's own layout is not public.
 */
import { format, toMinor } from './market';
import type { Execution, SandboxState } from './state';

const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const money = (amount: number, currency: string) => `${format(toMinor(amount, currency), currency)} ${currency}`;

export function receiptPage(invoice: ReturnType<SandboxState['invoiceBody']>, execution: Execution): string {
  const rows = invoice.items.map((item) => `<tr><td>${escapeHtml(item.name)}</td><td>${escapeHtml(item.qty)}</td><td>${escapeHtml(money(item.amount, item.currency))}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Receipt ${escapeHtml(invoice.invoice_number)}</title></head>
<body>
<h1>Receipt ${escapeHtml(invoice.invoice_number)}</h1>
<p>Paid ${escapeHtml(invoice.paid_at)} · ${escapeHtml(execution.method)} via ${escapeHtml(execution.provider)} · transaction ${escapeHtml(execution.provider_transaction_id)}</p>
<table><thead><tr><th>Item</th><th>Qty</th><th>Unit price</th></tr></thead><tbody>${rows}</tbody></table>
<p>Total ${escapeHtml(money(invoice.total_amount, invoice.currency))} · paid by the payer ${escapeHtml(money(execution.payer_amount, execution.payer_currency))}
 (platform fee ${escapeHtml(execution.fees.platform_fee)}, gateway fee ${escapeHtml(execution.fees.gateway_fee ?? '0')})</p>
</body></html>`;
}
