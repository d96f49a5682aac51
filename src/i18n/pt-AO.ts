import type { Translation } from './translation';

// Angolan Portuguese: "telemóvel", "Multicaixa", and the spelling before the 1990 agreement,
// which Angola has not ratified ("seleccione", "correcto").
const newLink = 'Peça um novo ao comerciante.';

export const ptAO: Translation = {
  $code: 'pt-AO',
  $name: 'Português (Angola)',
  $dir: 'ltr',

  checkoutLabel: (merchant) => `Pagar a ${merchant}`,
  loading: 'A carregar os dados do pagamento…',
  payTo: 'Pagar a',
  howToPay: 'Como pagar',
  or: 'ou',
  noInstructions: 'Este método de pagamento não está disponível aqui. Peça ao comerciante outra forma de pagar.',

  copy: 'Copiar',
  copied: 'Copiado',
  copyFailed: 'Não foi possível copiar. Seleccione o código e copie-o manualmente.',

  ussd: {
    title: 'Marque este código',
    hint: 'Marque-o no telemóvel da sua conta de dinheiro móvel e siga as instruções.',
    dial: 'Marcar agora',
    noDial: 'No iPhone: copie o código, abra a aplicação Telefone, cole-o e ligue.',
  },
  qr: {
    title: 'Leia o código para pagar',
    hint: 'Leia-o com a câmara do telemóvel ou com a aplicação de dinheiro móvel.',
    alt: (merchant) => `Código QR para pagar a ${merchant}. Leia-o com o seu telemóvel.`,
    asText: 'Mostrar o código em texto',
  },
  deeplink: {
    title: (app) => `Pagar com ${app}`,
    open: (app) => `Abrir ${app}`,
    hint: (app) => `Aprove o pagamento em ${app} e depois volte a esta página.`,
    scanHint: (app) => `Leia com a câmara do telemóvel para abrir ${app} e aprovar o pagamento.`,
    web: 'Pagar no navegador',
  },
  bank: {
    title: 'Pagar por referência',
    hint: 'Pague num Multicaixa ou na aplicação do seu banco com estes dados, até à data limite.',
    entity: 'Entidade',
    reference: 'Referência',
    amount: 'Montante',
    dueDate: 'Pagar até',
    print: 'Imprimir dados de pagamento',
  },
  code: {
    title: 'Introduza este código na aplicação da sua carteira',
    hint: 'Abra a aplicação de dinheiro móvel, escolha pagar com código e introduza-o.',
    validUntil: (time) => `Válido até ${time}`,
  },
  push: {
    title: 'Pagar pelo telemóvel',
    label: 'Número de telemóvel',
    hint: 'Vamos enviar um pedido de pagamento para este telemóvel.',
    example: (phone) => `ex.: ${phone}`,
    fee: (amount) => `Taxa: ${amount}`,
    total: (amount) => `Vai pagar ${amount} no total`,
    feeChanged: 'A taxa é diferente para este número. Confirme o novo total acima e envie o pedido novamente.',
    submit: 'Enviar pedido',
    sending: 'A enviar…',
    invalid: (prefix) => `Este número não parece correcto. Introduza o seu número de dinheiro móvel${prefix ? `, a começar por ${prefix}` : ' com o indicativo do país'}.`,
    unavailable: 'O operador não respondeu. O seu telemóvel ainda pode receber o pedido; se não receber, tente novamente.',
    waitTitle: 'Aprove o pagamento no seu telemóvel',
    waitHint: 'Abra o pedido de pagamento no telemóvel e introduza o seu PIN para o aprovar.',
    sentTo: (phone) => `Pedido enviado para ${phone}`,
  },

  status: {
    pending: 'A aguardar o seu pagamento',
    processing: 'A processar o seu pagamento…',
    paid: 'Pagamento concluído',
    failed: 'O pagamento falhou',
    expired: 'Este pedido de pagamento expirou',
    cancelled: 'Este pedido de pagamento foi cancelado',
  },
  reconnecting: 'Ligação perdida. A restabelecer…',
  final: {
    paid: {
      title: 'Pagamento concluído',
      body: (amount, merchant) => `Pagou ${amount} a ${merchant}. Pode fechar esta página.`,
    },
    failed: {
      title: 'O pagamento falhou',
      body: () => 'Não foi feito nenhum pagamento. Pode tentar novamente.',
    },
    expired: {
      title: 'Pedido de pagamento expirado',
      body: () => 'O prazo para pagar terminou. Peça ao comerciante um novo link de pagamento.',
    },
    outcomeUnknown: {
      title: 'Não foi possível confirmar o seu pagamento',
      body: (amount, merchant) => `Não pague novamente. Verifique as mensagens da sua conta de dinheiro móvel para saber se o valor de ${amount} foi debitado, ou contacte ${merchant}.`,
    },
    cancelled: {
      title: 'Pagamento cancelado',
      body: () => 'Este pedido de pagamento foi cancelado. Não foi feito nenhum pagamento.',
    },
  },
  sessionEnded: {
    title: 'Esta sessão de pagamento terminou',
    body: (merchant) => `${merchant} vai confirmar se este pagamento foi concluído. Não pague novamente antes de receber essa confirmação.`,
  },
  reasons: {
    insufficient_funds: 'O saldo da conta não era suficiente.',
    rejected: 'O pagamento foi recusado.',
    timeout: 'O pagamento não foi aprovado a tempo.',
    payer_limit: 'O pagamento ultrapassa o limite da conta.',
    invalid_payer: 'A conta de dinheiro móvel não foi encontrada ou não pode pagar.',
    expired: 'O pedido de pagamento expirou antes de ser aprovado.',
    cancelled: 'O pagamento foi cancelado.',
    provider_error: 'O operador teve um problema. Tente novamente mais tarde.',
    outcome_unknown: 'O operador não nos informou se o pagamento foi concluído.',
  },
  receipt: 'Ver recibo',
  askForNewLink: (merchant) => `Para tentar novamente, peça a ${merchant} um novo link de pagamento.`,
  countdown: {
    expiresIn: (time) => `Expira em ${time}`,
    lastMinute: 'Falta menos de um minuto para pagar.',
  },

  errors: {
    title: 'Não é possível mostrar este pagamento',
    tokenMalformed: `Este link de pagamento está danificado. ${newLink}`,
    tokenMissing: `Este link de pagamento está incompleto. ${newLink}`,
    tokenInvalid: `Este link de pagamento não é válido. ${newLink}`,
    tokenExpired: `Este link de pagamento expirou. ${newLink}`,
    notFound: 'Não foi possível encontrar este pagamento.',
    network: 'Não foi possível contactar o serviço de pagamento. Verifique a sua ligação e tente novamente.',
    generic: 'Ocorreu um erro do nosso lado. Tente novamente daqui a pouco.',
    retry: 'Tentar novamente',
    autoRetry: 'Vamos continuar a tentar automaticamente.',
    code: (code) => `Código de erro: ${code}`,
  },
};
