import type { Translation } from './translation';

const newLink = 'Hãy đề nghị người bán gửi liên kết mới.';

export const vi: Translation = {
  $code: 'vi',
  $name: 'Tiếng Việt',
  $dir: 'ltr',

  checkoutLabel: (merchant) => `Thanh toán cho ${merchant}`,
  loading: 'Đang tải thông tin thanh toán…',
  payTo: 'Thanh toán cho',
  howToPay: 'Cách thanh toán',
  or: 'hoặc',
  noInstructions: 'Phương thức thanh toán này không khả dụng tại đây. Vui lòng hỏi người bán cách thanh toán khác.',

  copy: 'Sao chép',
  copied: 'Đã sao chép',
  copyFailed: 'Không sao chép được. Hãy chọn mã và tự sao chép.',

  ussd: {
    title: 'Bấm mã này để thanh toán',
    hint: 'Bấm mã trên điện thoại có tài khoản ví điện tử của bạn và làm theo hướng dẫn.',
    dial: 'Gọi ngay',
    noDial: 'Trên iPhone: sao chép mã, mở ứng dụng Điện thoại, dán mã và bấm gọi.',
  },
  qr: {
    title: 'Quét mã để thanh toán',
    hint: 'Quét bằng camera điện thoại hoặc ứng dụng ví điện tử của bạn.',
    alt: (merchant) => `Mã QR để thanh toán cho ${merchant}. Hãy quét bằng điện thoại.`,
    asText: 'Hiện mã dạng chữ',
  },
  deeplink: {
    title: (app) => `Thanh toán bằng ${app}`,
    open: (app) => `Mở ${app}`,
    hint: (app) => `Xác nhận thanh toán trong ${app}, sau đó quay lại trang này.`,
    scanHint: (app) => `Quét bằng camera điện thoại để mở ${app} và xác nhận thanh toán.`,
    web: 'Thanh toán trên trình duyệt',
  },
  bank: {
    title: 'Thanh toán bằng mã tham chiếu',
    hint: 'Thanh toán tại cây ATM hoặc trong ứng dụng ngân hàng với các thông tin này, trước hạn thanh toán.',
    entity: 'Mã đơn vị',
    reference: 'Mã tham chiếu',
    amount: 'Số tiền',
    dueDate: 'Hạn thanh toán',
    print: 'In phiếu thanh toán',
  },
  code: {
    title: 'Nhập mã này trong ứng dụng ví',
    hint: 'Mở ứng dụng ví điện tử, chọn thanh toán bằng mã và nhập mã này.',
    validUntil: (time) => `Có hiệu lực đến ${time}`,
  },
  push: {
    title: 'Thanh toán từ điện thoại',
    label: 'Số điện thoại ví điện tử',
    hint: 'Chúng tôi sẽ gửi yêu cầu thanh toán đến số điện thoại này.',
    example: (phone) => `Ví dụ: ${phone}`,
    fee: (amount) => `Phí: ${amount}`,
    total: (amount) => `Bạn sẽ trả tổng cộng ${amount}`,
    feeChanged: 'Phí cho số này đã thay đổi. Vui lòng xem tổng tiền mới ở trên rồi gửi lại yêu cầu.',
    submit: 'Gửi yêu cầu',
    sending: 'Đang gửi…',
    invalid: (prefix) => `Số điện thoại có vẻ không đúng. Hãy nhập số ví điện tử của bạn${prefix ? `, bắt đầu bằng ${prefix}` : ' kèm mã quốc gia'}.`,
    unavailable: 'Nhà cung cấp ví điện tử không phản hồi. Điện thoại của bạn có thể vẫn nhận được yêu cầu; nếu không, hãy thử lại.',
    waitTitle: 'Xác nhận thanh toán trên điện thoại',
    waitHint: 'Mở yêu cầu thanh toán trên điện thoại và nhập mã PIN để xác nhận.',
    sentTo: (phone) => `Đã gửi đến ${phone}`,
  },

  status: {
    pending: 'Đang chờ bạn thanh toán',
    processing: 'Đang xử lý thanh toán…',
    paid: 'Thanh toán thành công',
    failed: 'Thanh toán không thành công',
    expired: 'Yêu cầu thanh toán này đã hết hạn',
    cancelled: 'Yêu cầu thanh toán này đã bị hủy',
  },
  reconnecting: 'Mất kết nối. Đang kết nối lại…',
  final: {
    paid: {
      title: 'Thanh toán thành công',
      body: (amount, merchant) => `Bạn đã thanh toán ${amount} cho ${merchant}. Bạn có thể đóng trang này.`,
    },
    failed: {
      title: 'Thanh toán không thành công',
      body: () => 'Bạn chưa bị trừ tiền. Bạn có thể thử lại.',
    },
    expired: {
      title: 'Yêu cầu thanh toán đã hết hạn',
      body: () => 'Đã hết thời gian thanh toán. Hãy đề nghị người bán gửi liên kết thanh toán mới.',
    },
    outcomeUnknown: {
      title: 'Chưa xác nhận được thanh toán của bạn',
      body: (amount, merchant) => `Vui lòng không thanh toán lại. Hãy kiểm tra tin nhắn từ ví điện tử để biết bạn đã bị trừ ${amount} hay chưa, hoặc liên hệ ${merchant}.`,
    },
    cancelled: {
      title: 'Đã hủy thanh toán',
      body: () => 'Yêu cầu thanh toán này đã bị hủy. Bạn chưa bị trừ tiền.',
    },
  },
  sessionEnded: {
    title: 'Phiên thanh toán này đã kết thúc',
    body: (merchant) => `${merchant} sẽ xác nhận khoản thanh toán này đã thành công hay chưa. Vui lòng không thanh toán lại trước khi nhận được xác nhận.`,
  },
  reasons: {
    insufficient_funds: 'Số dư tài khoản không đủ.',
    rejected: 'Giao dịch đã bị từ chối.',
    timeout: 'Giao dịch không được xác nhận kịp thời.',
    payer_limit: 'Số tiền vượt quá hạn mức của tài khoản.',
    invalid_payer: 'Không tìm thấy tài khoản ví điện tử hoặc tài khoản không thể thanh toán.',
    expired: 'Yêu cầu thanh toán đã hết hạn trước khi được xác nhận.',
    cancelled: 'Giao dịch đã bị hủy.',
    provider_error: 'Nhà cung cấp ví điện tử đang gặp sự cố. Vui lòng thử lại sau.',
    outcome_unknown: 'Nhà cung cấp ví điện tử không cho chúng tôi biết giao dịch đã thành công hay chưa.',
  },
  receipt: 'Xem biên lai',
  askForNewLink: (merchant) => `Để thử lại, hãy đề nghị ${merchant} gửi liên kết thanh toán mới.`,
  countdown: {
    expiresIn: (time) => `Hết hạn sau ${time}`,
    lastMinute: 'Chỉ còn chưa đầy một phút để thanh toán.',
  },

  errors: {
    title: 'Không thể hiển thị khoản thanh toán này',
    tokenMalformed: `Liên kết thanh toán này bị lỗi. ${newLink}`,
    tokenMissing: `Liên kết thanh toán này không đầy đủ. ${newLink}`,
    tokenInvalid: `Liên kết thanh toán này không hợp lệ. ${newLink}`,
    tokenExpired: `Liên kết thanh toán này đã hết hạn. ${newLink}`,
    notFound: 'Không tìm thấy khoản thanh toán này.',
    network: 'Không kết nối được với dịch vụ thanh toán. Hãy kiểm tra kết nối mạng và thử lại.',
    generic: 'Đã xảy ra lỗi từ phía chúng tôi. Vui lòng thử lại sau giây lát.',
    retry: 'Thử lại',
    autoRetry: 'Chúng tôi sẽ tự động thử lại.',
    code: (code) => `Mã lỗi: ${code}`,
  },
};
