/**
 * Vietnamese messages of the live room's agenda, text channel and list of sites. Spread into the app
 * dictionary (client/src/i18n/vi.ts), so `t()` and its key type cover them.
 */
export const liveRecordsVi = {
  'live.agenda.showAll': 'Xem toàn bộ chương trình ({n} nội dung)',
  'live.agenda.hideAll': 'Thu gọn chương trình',
  'live.agenda.title': 'Chương trình họp',
  'live.agenda.current': 'Đang thảo luận',
  'live.agenda.notStarted': 'Chủ trì chưa bắt đầu nội dung nào.',
  'live.agenda.elapsed': 'Đã {time}',
  'live.agenda.planned': 'Dự kiến {n} phút',
  'live.agenda.presenter': '{name} trình bày',
  'live.agenda.previous': 'Nội dung trước',
  'live.agenda.next': 'Nội dung tiếp theo',
  'live.agenda.start': 'Bắt đầu nội dung 1',
  'live.agenda.open': 'Chuyển sang nội dung {n}: {title}',
  'live.chat.title': 'Hỏi đáp, trao đổi',
  'live.chat.unread': '{n} tin mới',
  'live.chat.empty': 'Chưa có tin nhắn. Câu hỏi gửi chủ trì chỉ chủ trì, thư ký và điểm cầu của bạn thấy.',
  'live.chat.toChair': 'Hỏi chủ trì',
  'live.chat.toAll': 'Gửi tất cả điểm cầu',
  'live.chat.audience': 'Gửi tới',
  'live.chat.label': 'Nội dung tin nhắn',
  'live.chat.placeholder': 'Nhập câu hỏi hoặc ghi chú…',
  'live.chat.send': 'Gửi',
  'live.chat.privateTag': 'Gửi chủ trì',
  'live.chat.you': '{site} (bạn)',
  'live.chat.tooLong': 'Tin nhắn dài quá {n} ký tự.',
  'live.people.search': 'Tìm điểm cầu',
  'live.people.searchHint': 'Tìm theo tên xã, phường, tỉnh…',
  'live.people.noMatch': 'Không có điểm cầu nào khớp với “{q}”.',
  'live.people.pages': 'Các trang của danh sách điểm cầu',
  'live.people.range': '{from}–{to} / {total} điểm cầu',
  'live.lobby.admitAll': 'Cho vào tất cả ({n})',
  'live.lobby.more': 'Và {n} điểm cầu khác đang chờ.',
  'live.lobby.admitFailed': 'Chưa cho vào được {n} điểm cầu; hãy thử lại.',
} as const;

export type LiveRecordsMessageKey = keyof typeof liveRecordsVi;
