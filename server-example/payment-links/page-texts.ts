/**
 * The page's own few words, around the element (which brings its own texts): in each language
 * the element speaks, by language; English for any other.
 */
export interface PageTexts {
  /** In `<noscript>`: what is lost without scripts, and what still works. */
  needsScript: string;
  notFoundTitle: string;
  notFoundBody: string;
  /** Our failure (the page could not be made): nothing of why. */
  unavailableTitle: string;
  unavailableBody: string;
}

const TEXTS: Record<string, PageTexts> = {
  en: {
    needsScript: 'Live payment status needs JavaScript. The instructions above work without it; reload this page to see whether your payment arrived.',
    notFoundTitle: 'Payment link not found',
    notFoundBody: 'This payment link is not valid. Check that you opened the whole link, or ask the merchant for a new one.',
    unavailableTitle: 'Payment page unavailable',
    unavailableBody: 'Something went wrong on our side. Please try again in a few minutes.',
  },
  fr: {
    needsScript: 'Le suivi du paiement en direct nécessite JavaScript. Les instructions ci-dessus fonctionnent sans ; rechargez la page pour voir si votre paiement est arrivé.',
    notFoundTitle: 'Lien de paiement introuvable',
    notFoundBody: 'Ce lien de paiement n’est pas valide. Vérifiez que vous avez ouvert le lien en entier, ou demandez-en un nouveau au marchand.',
    unavailableTitle: 'Page de paiement indisponible',
    unavailableBody: 'Un problème est survenu de notre côté. Veuillez réessayer dans quelques minutes.',
  },
  pt: {
    needsScript: 'O estado do pagamento em tempo real precisa de JavaScript. As instruções acima funcionam sem ele; recarregue a página para ver se o pagamento chegou.',
    notFoundTitle: 'Link de pagamento não encontrado',
    notFoundBody: 'Este link de pagamento não é válido. Confirme que abriu o link completo, ou peça um novo ao comerciante.',
    unavailableTitle: 'Página de pagamento indisponível',
    unavailableBody: 'Ocorreu um problema do nosso lado. Tente novamente dentro de alguns minutos.',
  },
  sw: {
    needsScript: 'Hali ya malipo ya moja kwa moja inahitaji JavaScript. Maelekezo yaliyo hapo juu yanafanya kazi bila hiyo; pakia upya ukurasa huu kuona kama malipo yako yamefika.',
    notFoundTitle: 'Kiungo cha malipo hakijapatikana',
    notFoundBody: 'Kiungo hiki cha malipo si sahihi. Hakikisha umefungua kiungo chote, au muombe mfanyabiashara kiungo kipya.',
    unavailableTitle: 'Ukurasa wa malipo haupatikani',
    unavailableBody: 'Hitilafu imetokea upande wetu. Tafadhali jaribu tena baada ya dakika chache.',
  },
  vi: {
    needsScript: 'Trạng thái thanh toán trực tiếp cần JavaScript. Hướng dẫn ở trên vẫn dùng được khi không có JavaScript; hãy tải lại trang để xem khoản thanh toán đã đến chưa.',
    notFoundTitle: 'Không tìm thấy liên kết thanh toán',
    notFoundBody: 'Liên kết thanh toán này không hợp lệ. Hãy kiểm tra bạn đã mở đủ cả liên kết, hoặc đề nghị người bán gửi liên kết mới.',
    unavailableTitle: 'Trang thanh toán tạm thời không khả dụng',
    unavailableBody: 'Đã xảy ra lỗi từ phía chúng tôi. Vui lòng thử lại sau vài phút.',
  },
};

/** The texts for a negotiated locale (`fr-CI` reads French). */
export function pageTextsFor(locale: string): PageTexts {
  return TEXTS[locale.toLowerCase().split('-')[0]!] ?? TEXTS.en!;
}
