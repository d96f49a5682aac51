/**
 * The invoice behind `invoiceUrl`: a one-page PDF (Factura-Recibo), so the receipt link
 * the payer gets opens something real. Plain PDF 1.4 with a Helvetica text stream.
 */
import type { PaymentRecord } from './state';

/** PDF string literal: ASCII only, with ( ) \ escaped. */
function pdfText(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '?');
  return `(${ascii.replace(/[\\()]/g, (ch) => `\\${ch}`)})`;
}

const kz = (value: number) => `${value.toFixed(2)} Kz`;

export function invoicePdf(payment: PaymentRecord): Buffer {
  const lines = [
    `Factura-Recibo ${payment.invoiceNumber ?? ''}`,
    'Mom Factura (sandbox) - documento sem valor fiscal',
    `Transaccao: ${payment.transactionId}`,
    `Metodo: ${payment.method}`,
    ...(payment.customer?.name ? [`Cliente: ${payment.customer.name}${payment.customer.nif ? ` NIF ${payment.customer.nif}` : ''}`] : []),
    '',
    ...payment.products.map((p) => `${p.productQuantity} x ${p.productName} @ ${kz(p.productPrice)} (IVA ${p.iva}%)`),
    '',
    `Total: ${kz(payment.amount)}`,
    `Data: ${new Date(payment.finalAtMs ?? payment.createdAtMs).toISOString()}`,
  ];
  const content = ['BT', '/F1 12 Tf', '14 TL', '50 790 Td', ...lines.map((line) => `${pdfText(line)} '`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
