import type { Translation } from './translation';

// Swahili as East African mobile money speaks it (M-Pesa, Tigo Pesa, Airtel Money):
// "Lipa", "Weka PIN", "Thibitisha".
const newLink = 'Muombe mfanyabiashara kiungo kipya.';

export const sw: Translation = {
  $code: 'sw',
  $name: 'Kiswahili',
  $dir: 'ltr',

  checkoutLabel: (merchant) => `Lipa ${merchant}`,
  loading: 'Inapakia maelezo ya malipo…',
  payTo: 'Lipa kwa',
  howToPay: 'Jinsi ya kulipa',
  or: 'au',
  noInstructions: 'Njia hii ya malipo haipatikani hapa. Tafadhali muulize mfanyabiashara njia nyingine ya kulipa.',

  copy: 'Nakili',
  copied: 'Imenakiliwa',
  copyFailed: 'Imeshindwa kunakili. Chagua msimbo kisha uunakili mwenyewe.',

  ussd: {
    title: 'Piga msimbo huu',
    hint: 'Piga kwenye simu yenye akaunti yako ya pesa kwa simu, kisha fuata maelekezo.',
    dial: 'Piga sasa',
    noDial: 'Kwenye iPhone: nakili msimbo, fungua programu ya Simu, ubandike kisha upige.',
  },
  qr: {
    title: 'Changanua ili ulipe',
    hint: 'Changanua kwa kamera ya simu yako au kwa programu yako ya pesa kwa simu.',
    alt: (merchant) => `Msimbo wa QR wa kumlipa ${merchant}. Uchanganue kwa simu yako.`,
    asText: 'Onyesha msimbo kama maandishi',
  },
  deeplink: {
    title: (app) => `Lipa kwa ${app}`,
    open: (app) => `Fungua ${app}`,
    hint: (app) => `Thibitisha malipo kwenye ${app}, kisha urudi hapa.`,
    scanHint: (app) => `Changanua kwa kamera ya simu yako ili kufungua ${app} na kuthibitisha malipo.`,
    web: 'Lipa kwenye kivinjari badala yake',
  },
  bank: {
    title: 'Lipa kwa namba ya kumbukumbu',
    hint: 'Lipa kwenye ATM au kwenye programu ya benki yako kwa maelezo haya, kabla ya tarehe ya mwisho.',
    entity: 'Taasisi',
    reference: 'Namba ya kumbukumbu',
    amount: 'Kiasi',
    dueDate: 'Lipa kabla ya',
    print: 'Chapisha hati ya malipo',
  },
  code: {
    title: 'Weka msimbo huu kwenye programu yako ya pesa',
    hint: 'Fungua programu yako ya pesa kwa simu, chagua kulipa kwa msimbo, kisha uweke msimbo huu.',
    validUntil: (time) => `Unatumika hadi ${time}`,
  },
  push: {
    title: 'Lipa kwa simu yako',
    label: 'Namba yako ya pesa kwa simu',
    hint: 'Tutatuma ombi la malipo kwenye simu hii.',
    example: (phone) => `Mfano: ${phone}`,
    fee: (amount) => `Ada: ${amount}`,
    total: (amount) => `Utalipa jumla ya ${amount}`,
    feeChanged: 'Ada ya namba hii ni tofauti. Angalia jumla mpya hapo juu, kisha tuma ombi tena.',
    submit: 'Tuma ombi',
    sending: 'Inatuma…',
    invalid: (prefix) => `Namba hii haionekani kuwa sahihi. Weka namba yako ya pesa kwa simu${prefix ? ` inayoanza na ${prefix}` : ' pamoja na msimbo wa nchi'}.`,
    unavailable: 'Mtoa huduma hakujibu. Huenda bado ukapokea ombi kwenye simu yako; usipolipokea, jaribu tena.',
    waitTitle: 'Thibitisha malipo kwenye simu yako',
    waitHint: 'Angalia ombi la malipo kwenye simu yako na uweke PIN yako ili kuthibitisha.',
    sentTo: (phone) => `Imetumwa kwa ${phone}`,
  },

  status: {
    pending: 'Inasubiri malipo yako',
    processing: 'Malipo yako yanashughulikiwa…',
    paid: 'Malipo yamekamilika',
    failed: 'Malipo hayakufanikiwa',
    expired: 'Muda wa ombi hili la malipo umekwisha',
    cancelled: 'Ombi hili la malipo limeghairiwa',
  },
  reconnecting: 'Muunganisho umekatika. Inaunganisha tena…',
  final: {
    paid: {
      title: 'Malipo yamekamilika',
      body: (amount, merchant) => `Umelipa ${amount} kwa ${merchant}. Unaweza kufunga ukurasa huu.`,
    },
    failed: {
      title: 'Malipo hayakufanikiwa',
      body: () => 'Hakuna malipo yaliyofanyika. Unaweza kujaribu tena.',
    },
    expired: {
      title: 'Muda wa ombi la malipo umekwisha',
      body: () => 'Muda wa kulipa umekwisha. Muombe mfanyabiashara kiungo kipya cha malipo.',
    },
    outcomeUnknown: {
      title: 'Hatukuweza kuthibitisha malipo yako',
      body: (amount, merchant) => `Tafadhali usilipe tena. Angalia ujumbe wa pesa kwa simu ili kuona kama kiasi cha ${amount} kimekatwa, au wasiliana na ${merchant}.`,
    },
    cancelled: {
      title: 'Malipo yameghairiwa',
      body: () => 'Ombi hili la malipo limeghairiwa. Hakuna malipo yaliyofanyika.',
    },
  },
  sessionEnded: {
    title: 'Kipindi hiki cha malipo kimeisha',
    body: (merchant) => `${merchant} atathibitisha kama malipo haya yamefanikiwa. Tafadhali usilipe tena kabla ya kupata uthibitisho huo.`,
  },
  reasons: {
    insufficient_funds: 'Salio la akaunti halikutosha.',
    rejected: 'Malipo yamekataliwa.',
    timeout: 'Malipo hayakuthibitishwa kwa wakati.',
    payer_limit: 'Kiasi kinazidi kikomo cha akaunti.',
    invalid_payer: 'Akaunti ya pesa kwa simu haikupatikana au haiwezi kulipa.',
    expired: 'Muda wa ombi la malipo uliisha kabla ya kuthibitishwa.',
    cancelled: 'Malipo yameghairiwa.',
    provider_error: 'Mtoa huduma wa pesa kwa simu amepata hitilafu. Tafadhali jaribu tena baadaye.',
    outcome_unknown: 'Mtoa huduma wa pesa kwa simu hakutujulisha kama malipo yamefanikiwa.',
  },
  receipt: 'Angalia risiti',
  askForNewLink: (merchant) => `Ili kujaribu tena, muombe ${merchant} kiungo kipya cha malipo.`,
  countdown: {
    expiresIn: (time) => `Muda unaisha baada ya ${time}`,
    lastMinute: 'Imebaki chini ya dakika moja kulipa.',
  },

  errors: {
    title: 'Hatuwezi kuonyesha malipo haya',
    tokenMalformed: `Kiungo hiki cha malipo kimeharibika. ${newLink}`,
    tokenMissing: `Kiungo hiki cha malipo hakijakamilika. ${newLink}`,
    tokenInvalid: `Kiungo hiki cha malipo si sahihi. ${newLink}`,
    tokenExpired: `Muda wa kiungo hiki cha malipo umekwisha. ${newLink}`,
    notFound: 'Malipo haya hayakupatikana.',
    network: 'Hatukuweza kufikia huduma ya malipo. Angalia muunganisho wako kisha ujaribu tena.',
    generic: 'Kuna hitilafu upande wetu. Tafadhali jaribu tena baada ya muda mfupi.',
    retry: 'Jaribu tena',
    autoRetry: 'Tutaendelea kujaribu tena wenyewe.',
    code: (code) => `Msimbo wa hitilafu: ${code}`,
  },
};
