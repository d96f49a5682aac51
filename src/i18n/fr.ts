import type { Translation } from './translation';

const newLink = 'Demandez-en un nouveau au marchand.';

export const fr: Translation = {
  $code: 'fr',
  $name: 'Français',
  $dir: 'ltr',

  checkoutLabel: (merchant) => `Payer ${merchant}`,
  loading: 'Chargement du paiement…',
  payTo: 'Payer à',
  howToPay: 'Comment payer',
  or: 'ou',
  noInstructions: 'Ce moyen de paiement n’est pas disponible ici. Demandez au marchand un autre moyen de payer.',

  copy: 'Copier',
  copied: 'Copié',
  copyFailed: 'Copie impossible. Sélectionnez le code et copiez-le vous-même.',

  ussd: {
    title: 'Composez ce code',
    hint: 'Composez-le sur le téléphone de votre compte mobile money et suivez les instructions.',
    dial: 'Composer',
    noDial: 'Sur iPhone\u00a0: copiez le code, ouvrez l’app Téléphone, collez-le et appelez.',
  },
  qr: {
    title: 'Scannez pour payer',
    hint: 'Scannez avec l’appareil photo de votre téléphone ou votre application mobile money.',
    alt: (merchant) => `Code QR pour payer ${merchant}. Scannez-le avec votre téléphone.`,
    asText: 'Afficher le code en texte',
  },
  deeplink: {
    title: (app) => `Payer avec ${app}`,
    open: (app) => `Ouvrir ${app}`,
    hint: (app) => `Validez le paiement dans ${app}, puis revenez ici.`,
    scanHint: (app) => `Scannez avec l’appareil photo de votre téléphone pour ouvrir ${app} et valider le paiement.`,
    web: 'Payer plutôt dans le navigateur',
  },
  bank: {
    title: 'Payer par référence bancaire',
    hint: 'Payez à un guichet automatique ou dans votre application bancaire avec ces informations, avant la date limite.',
    entity: 'Entité',
    reference: 'Référence',
    amount: 'Montant',
    dueDate: 'Date limite',
    print: 'Imprimer le bordereau',
  },
  code: {
    title: 'Saisissez ce code dans votre application mobile money',
    hint: 'Ouvrez votre application mobile money, choisissez de payer avec un code et saisissez-le.',
    validUntil: (time) => `Valable jusqu’à ${time}`,
  },
  push: {
    title: 'Payer depuis votre téléphone',
    label: 'Numéro mobile money',
    hint: 'Nous enverrons une demande de paiement à ce téléphone.',
    example: (phone) => `ex. : ${phone}`,
    fee: (amount) => `Frais : ${amount}`,
    total: (amount) => `Vous payez ${amount} au total`,
    feeChanged: 'Les frais sont différents pour ce numéro. Vérifiez le nouveau total ci-dessus, puis renvoyez la demande.',
    submit: 'Envoyer la demande',
    sending: 'Envoi…',
    invalid: (prefix) => `Ce numéro semble incorrect. Saisissez votre numéro mobile money${prefix ? `, qui commence par ${prefix}` : ' avec l’indicatif du pays'}.`,
    unavailable: 'L’opérateur mobile money n’a pas répondu. Votre téléphone peut encore sonner ; sinon, réessayez.',
    waitTitle: 'Validez le paiement sur votre téléphone',
    waitHint: 'Ouvrez la demande de paiement reçue sur votre téléphone et saisissez votre code secret pour la valider.',
    sentTo: (phone) => `Demande envoyée au ${phone}`,
  },

  status: {
    pending: 'En attente de votre paiement',
    processing: 'Traitement de votre paiement…',
    paid: 'Paiement effectué',
    failed: 'Le paiement a échoué',
    expired: 'Cette demande de paiement a expiré',
    cancelled: 'Cette demande de paiement a été annulée',
  },
  reconnecting: 'Connexion perdue. Reconnexion…',
  final: {
    paid: {
      title: 'Paiement effectué',
      body: (amount, merchant) => `Vous avez payé ${amount} à ${merchant}. Vous pouvez fermer cette page.`,
    },
    failed: {
      title: 'Le paiement a échoué',
      body: () => 'Aucun paiement n’a été effectué. Vous pouvez réessayer.',
    },
    expired: {
      title: 'Demande de paiement expirée',
      body: () => 'Le délai de paiement est dépassé. Demandez au marchand un nouveau lien de paiement.',
    },
    outcomeUnknown: {
      title: 'Nous n’avons pas pu confirmer votre paiement',
      body: (amount, merchant) => `Ne payez pas une seconde fois. Vérifiez vos messages mobile money pour savoir si le montant de ${amount} a été débité, ou contactez ${merchant}.`,
    },
    cancelled: {
      title: 'Paiement annulé',
      body: () => 'Cette demande de paiement a été annulée. Aucun paiement n’a été effectué.',
    },
  },
  sessionEnded: {
    title: 'Cette session de paiement est terminée',
    body: (merchant) => `${merchant} vous confirmera si ce paiement a abouti. Ne payez pas une seconde fois avant sa réponse.`,
  },
  reasons: {
    insufficient_funds: 'Le solde du compte était insuffisant.',
    rejected: 'Le paiement a été refusé.',
    timeout: 'Le paiement n’a pas été validé à temps.',
    payer_limit: 'Le paiement dépasse le plafond du compte.',
    invalid_payer: 'Le compte mobile money est introuvable ou ne peut pas payer.',
    expired: 'La demande de paiement a expiré avant d’être validée.',
    cancelled: 'Le paiement a été annulé.',
    provider_error: 'L’opérateur mobile money a rencontré un problème. Réessayez plus tard.',
    outcome_unknown: 'L’opérateur mobile money ne nous a pas indiqué si le paiement a abouti.',
  },
  receipt: 'Voir le reçu',
  askForNewLink: (merchant) => `Pour réessayer, demandez un nouveau lien de paiement à ${merchant}.`,
  countdown: {
    expiresIn: (time) => `Expire dans ${time}`,
    lastMinute: 'Il reste moins d’une minute pour payer.',
  },

  errors: {
    title: 'Impossible d’afficher ce paiement',
    tokenMalformed: `Ce lien de paiement est endommagé. ${newLink}`,
    tokenMissing: `Ce lien de paiement est incomplet. ${newLink}`,
    tokenInvalid: `Ce lien de paiement n’est pas valide. ${newLink}`,
    tokenExpired: `Ce lien de paiement a expiré. ${newLink}`,
    notFound: 'Ce paiement est introuvable.',
    network: 'Impossible de joindre le service de paiement. Vérifiez votre connexion et réessayez.',
    generic: 'Un problème est survenu de notre côté. Réessayez dans un instant.',
    retry: 'Réessayer',
    autoRetry: 'Nous réessayons automatiquement.',
    code: (code) => `Code d’erreur : ${code}`,
  },
};
