import type { MinutesContent, NoticeContent } from './schemas.ts';

/** What a meeting's records are: the biên bản, and the thông báo kết luận drafted from its conclusions. */
export const recordKinds = ['minutes', 'notice'] as const;
export type RecordKind = (typeof recordKinds)[number];

export const recordStates = ['draft', 'submitted', 'changes_requested', 'revised', 'approved', 'secretary_signed', 'signed', 'published'] as const;
export type RecordState = (typeof recordStates)[number];

export type RecordContent = MinutesContent | NoticeContent;

/** Who signed, in which capacity, when (the PDF carries the signature itself). */
export interface RecordSignature {
  role: 'secretary' | 'chair';
  userId: string;
  name: string;
  at: string;
}

export const recordActions = ['submit', 'request_changes', 'revise', 'approve', 'sign_secretary', 'sign_chair', 'publish'] as const;
export type RecordAction = (typeof recordActions)[number];

/** Who may take a step: the writer (minutes:write: the secretary and the convening office) or the chủ tọa (meeting:chair). */
export type StepActor = 'writer' | 'chair';

export interface Step {
  from: readonly RecordState[];
  to: RecordState;
  by: StepActor;
  /** Only for these kinds (the notice has one signature, the chủ trì's). */
  kinds?: readonly RecordKind[];
  /** The step must say why (changes requested). */
  needsNote?: boolean;
}

/**
 * THE workflow, for both kinds: draft → submitted → (changes requested ↔ revised) → approved →
 * signed by the secretary (THƯ KÝ, minutes only) and the chủ tọa (CHỦ TỌA) → published.
 * Content can be edited only in draft and changes_requested. A published record never changes:
 * a correction is a new record (see service.correct).
 */
export const steps: Readonly<Record<RecordAction, Step>> = {
  submit: { from: ['draft'], to: 'submitted', by: 'writer' },
  request_changes: { from: ['submitted', 'revised'], to: 'changes_requested', by: 'chair', needsNote: true },
  revise: { from: ['changes_requested'], to: 'revised', by: 'writer' },
  approve: { from: ['submitted', 'revised'], to: 'approved', by: 'chair' },
  sign_secretary: { from: ['approved'], to: 'secretary_signed', by: 'writer', kinds: ['minutes'] },
  sign_chair: { from: ['secretary_signed'], to: 'signed', by: 'chair', kinds: ['minutes'] },
  publish: { from: ['signed'], to: 'published', by: 'chair' },
};

/** The notice's chủ trì signs right after approval. */
export function stepFor(action: RecordAction, kind: RecordKind): Step | null {
  const step = steps[action];
  if (action === 'sign_chair' && kind === 'notice') return { ...step, from: ['approved'], kinds: ['notice'] };
  if (step.kinds && !step.kinds.includes(kind)) return null;
  return step;
}

export const editableStates: ReadonlySet<RecordState> = new Set(['draft', 'changes_requested']);

/** The next steps open from `state`, for the page's buttons. */
export function openSteps(kind: RecordKind, state: RecordState): RecordAction[] {
  return recordActions.filter((a) => stepFor(a, kind)?.from.includes(state));
}

export const stateLabels: Record<RecordState, string> = {
  draft: 'Dự thảo',
  submitted: 'Đã trình',
  changes_requested: 'Yêu cầu chỉnh sửa',
  revised: 'Đã chỉnh sửa, trình lại',
  approved: 'Đã duyệt',
  secretary_signed: 'Thư ký đã ký',
  signed: 'Đã ký',
  published: 'Đã ban hành',
};

export const actionLabels: Record<RecordAction, string> = {
  submit: 'trình duyệt',
  request_changes: 'yêu cầu chỉnh sửa',
  revise: 'trình lại bản đã sửa',
  approve: 'duyệt',
  sign_secretary: 'ký (thư ký)',
  sign_chair: 'ký (chủ tọa)',
  publish: 'ban hành',
};
