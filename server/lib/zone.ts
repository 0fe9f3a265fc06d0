/**
 * Vietnam's only time zone: times are entered and shown in it, stored as UTC instants.
 * Apart from time.ts (which needs luxon) so that pure schema modules can name it too.
 */
export const VN_ZONE = 'Asia/Ho_Chi_Minh';
