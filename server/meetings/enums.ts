/**
 * The fixed lists a meeting's fields take: stored as text with these values (schema.ts)
 * and offered as enums by the API (schemas.ts). Pure, so the browser client can use them.
 */

/** QĐ 45/2018 meeting kinds. */
export const meetingKinds = ['tham_muu_tu_van', 'giai_quyet_cong_viec', 'chuyen_mon', 'giao_ban', 'so_ket_tong_ket', 'tap_huan'] as const;
export const meetingForms = ['truc_tiep', 'truc_tuyen', 'ket_hop'] as const;
export const meetingStatuses = ['draft', 'invited', 'live', 'ended', 'closed', 'postponed', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];

/** An invited body's answer, and the chủ trì's decision on a substitute it proposes. */
export const rsvpStatuses = ['pending', 'accepted', 'declined', 'substitute'] as const;
export const substituteStatuses = ['pending', 'approved', 'rejected'] as const;
