/**
 * Vietnamese: the first language of the UI and the source of truth for message keys.
 * Every other dictionary is typed as `Dictionary`, so a key added here and forgotten
 * elsewhere fails `tsc`. Placeholders look like {name}.
 */
export const vi = {
  'app.name': 'Họp số',
  'app.tagline': 'Họp trực tuyến và hồ sơ cuộc họp của cơ quan nhà nước, từ tỉnh đến xã',
  'app.loading': 'Đang tải…',
  'app.skipToContent': 'Bỏ qua, đến nội dung chính',

  'lang.label': 'Ngôn ngữ',
  'lang.vi': 'Tiếng Việt',
  'lang.en': 'English',

  'login.title': 'Đăng nhập',
  'login.intro': 'Sử dụng tài khoản do cơ quan, đơn vị cấp.',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.submitting': 'Đang đăng nhập…',
  'login.missing': 'Vui lòng nhập tên đăng nhập và mật khẩu.',
  'login.failed': 'Tên đăng nhập hoặc mật khẩu không đúng.',
  'login.rateLimited': 'Bạn đã thử đăng nhập quá nhiều lần. Vui lòng thử lại sau ít phút.',
  'login.browseUnits': 'Tra cứu danh mục đơn vị hành chính',

  'shell.logout': 'Đăng xuất',
  'shell.login': 'Đăng nhập',
  'shell.nav': 'Điều hướng chính',
  'shell.account': 'Tài khoản đang đăng nhập',

  'nav.home': 'Trang chủ',
  'nav.meetings': 'Lịch họp',
  'nav.live': 'Họp trực tuyến',
  'nav.minutes': 'Biên bản',
  'nav.tasks': 'Nhiệm vụ',
  'nav.reports': 'Báo cáo',
  'nav.notifications': 'Thông báo',
  'nav.units': 'Đơn vị hành chính',

  'role.admin': 'Quản trị hệ thống',
  'role.convener': 'Người triệu tập',
  'role.secretary': 'Thư ký cuộc họp',
  'role.participant': 'Đại biểu',
  'role.observer': 'Người theo dõi',

  'level.central': 'Trung ương',
  'level.province': 'Cấp tỉnh',
  'level.commune': 'Cấp xã',

  'home.greeting': 'Xin chào, {name}',
  'home.intro': 'Đây là trang làm việc của bạn trên Họp số.',
  'home.account': 'Thông tin tài khoản',
  'home.username': 'Tên đăng nhập',
  'home.position': 'Chức vụ',
  'home.body': 'Cơ quan',
  'home.unit': 'Đơn vị hành chính',
  'home.role': 'Vai trò',
  'home.next': 'Sắp có',
  'home.nextBody': 'Lịch họp, họp trực tuyến, biên bản và theo dõi nhiệm vụ sẽ lần lượt được bổ sung.',

  'page.underConstruction': 'Đang xây dựng',
  'page.underConstructionNote': 'Chức năng này sẽ có trong các phiên bản tiếp theo.',
  'page.meetings.intro': 'Lên lịch họp, gửi giấy mời theo cấp và theo dõi xác nhận tham dự.',
  'page.live.intro': 'Phòng họp trực tuyến giữa các điểm cầu tỉnh và xã.',
  'page.minutes.intro': 'Soạn, duyệt và lưu trữ biên bản, thông báo kết luận cuộc họp.',
  'page.tasks.intro': 'Theo dõi nhiệm vụ được giao sau cuộc họp và thời hạn hoàn thành.',
  'page.reports.intro': 'Tổng hợp tình hình họp và tham dự theo từng cấp.',
  'page.notifications.intro': 'Giấy mời, thay đổi lịch họp và nhắc việc gửi đến bạn.',

  'units.title': 'Đơn vị hành chính',
  'units.intro':
    'Danh mục đơn vị hành chính sau sắp xếp năm 2025: Trung ương, 34 tỉnh và thành phố, các xã, phường và đặc khu. Tìm kiếm không cần gõ dấu.',

  'picker.label': 'Chọn đơn vị hành chính',
  'picker.search': 'Tìm đơn vị',
  'picker.searchHint': 'Ví dụ: Thạch Hà, thach ha',
  'picker.code': 'Mã đơn vị hành chính',
  'picker.searching': 'Đang tìm…',
  'picker.noResults': 'Không tìm thấy đơn vị phù hợp với “{q}”.',
  'picker.resultCount': 'Tìm thấy {n} đơn vị.',
  'picker.moreResults': 'Đang hiển thị {shown} trên {total} kết quả. Hãy nhập cụ thể hơn.',
  'picker.loading': 'Đang tải…',
  'picker.loadFailed': 'Không tải được danh sách đơn vị.',
  'picker.retry': 'Thử lại',
  'picker.expand': 'Mở danh sách thuộc {name}',
  'picker.collapse': 'Thu gọn danh sách thuộc {name}',
  'picker.children.central': '{n} đơn vị cấp tỉnh',
  'picker.children.province': '{n} đơn vị cấp xã',
  'picker.selectAllChildren': 'Chọn cả {n} đơn vị',
  'picker.clearChildren': 'Bỏ chọn cả {n} đơn vị',
  'picker.selectedCount': 'Đã chọn {n} đơn vị',
  'picker.noneSelected': 'Chưa chọn đơn vị nào.',
  'picker.remove': 'Bỏ chọn {name}',
  'picker.clearAll': 'Bỏ chọn tất cả',

  'notFound.title': 'Không tìm thấy trang',
  'notFound.body': 'Địa chỉ “{path}” không tồn tại hoặc đã được chuyển đi.',
  'notFound.home': 'Về trang chủ',

  'error.network': 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
  'error.generic': 'Đã có lỗi xảy ra. Vui lòng thử lại.',
  'error.retry': 'Thử lại',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof vi;
/** What every language must provide: exactly the Vietnamese keys. */
export type Dictionary = Record<MessageKey, string>;
