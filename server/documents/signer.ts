import { InvalidInput } from '../lib/errors.ts';
import { fold } from '../lib/text.ts';
import type { BodyDocumentProfile } from '../units/schema.ts';
import type { SignerAuthorityPrefix } from './types.ts';

export interface SignerBlock {
  authority?: { prefix: SignerAuthorityPrefix; of: string }[];
  position: string;
  fullName: string;
}

/** Where each prefix may stand: TM. first, then KT. or Q., then TL. or TUQ. (NĐ 30 Phụ lục I, mục 8). */
const RANK: Record<SignerAuthorityPrefix, number> = { 'TM.': 0, 'KT.': 1, 'Q.': 1, 'TL.': 2, 'TUQ.': 2 };

const refuse = (vi: string, en: string, details?: Record<string, unknown>) => new InvalidInput(`${vi} / ${en}`, details);

/** "Phó Chủ tịch UBND xã" → 'deputy' of "Chủ tịch"; "Chủ tịch UBND xã" → 'head'; else null. */
export function positionRank(position: string, head: string | undefined): 'head' | 'deputy' | null {
  if (!head) return null;
  const p = fold(position);
  const h = fold(head);
  if (p === h || p.startsWith(`${h} `)) return 'head';
  if (p === `pho ${h}` || p.startsWith(`pho ${h} `)) return 'deputy';
  return null;
}

/**
 * A signer block with the authority NĐ 30 asks for (Phụ lục I, mục 8), for a body of the given
 * profile: a collectively led body (UBND, HĐND, a Party committee) is signed for by "TM. <the
 * collective>" — with "KT. <head>" for a deputy — or, by delegation, "TL."/"TUQ. <head>";
 * a head-led body (a Sở, a Bộ, a Văn phòng) by its head with no prefix, a deputy "KT. <head>".
 * Anyone else — a specialist printed as "CHUYÊN VIÊN" with nothing above — has no authority
 * to sign, and the document is refused rather than issued unsigned in substance.
 */
export function checkSignerAuthority(signer: SignerBlock, profile: BodyDocumentProfile, bodyName: string): void {
  const authority = signer.authority ?? [];
  const ranks = authority.map((a) => RANK[a.prefix]);
  if (ranks.some((r, i) => i > 0 && r <= ranks[i - 1]!)) {
    throw refuse(
      `Thứ tự thẩm quyền ký không hợp lệ (${authority.map((a) => a.prefix).join(' ')}): TM. đứng đầu, rồi KT. hoặc Q., cuối cùng TL. hoặc TUQ.`,
      `Invalid order of signing authority: TM. first, then KT. or Q., then TL. or TUQ.`,
    );
  }
  const first = authority[0]?.prefix;
  if (profile.collective) {
    if (first === 'TM.' || first === 'TL.' || first === 'TUQ.') return;
    throw refuse(
      `${bodyName} làm việc theo chế độ tập thể: người ký phải ký "TM. ${profile.collective}" (cấp phó thêm "KT. ${profile.head ?? 'Chủ tịch'}"), hoặc ký thừa lệnh (TL.) hay thừa ủy quyền (TUQ.).`,
      `${bodyName} is led collectively: sign "TM. ${profile.collective}" (a deputy adds "KT. ${profile.head ?? 'head'}"), or TL./TUQ. by delegation.`,
      { field: 'signer' },
    );
  }
  if (first === 'TM.') {
    throw refuse(`${bodyName} làm việc theo chế độ thủ trưởng: không ký "TM.".`, `${bodyName} is led by its head: "TM." does not apply.`, { field: 'signer' });
  }
  if (first || positionRank(signer.position, profile.head) === 'head') return;
  throw refuse(
    `Người ký "${signer.position}" không có thẩm quyền ký văn bản của ${bodyName}: chọn ${profile.head ? `${profile.head}, cấp phó ký "KT. ${profile.head}", ` : ''}hoặc người được giao ký thừa lệnh (TL.) hay thừa ủy quyền (TUQ.).`,
    `"${signer.position}" has no authority to sign for ${bodyName}: choose ${profile.head ? `the ${profile.head}, a deputy signing "KT.", ` : ''}or someone signing TL./TUQ. by delegation.`,
    { field: 'signer' },
  );
}

/**
 * The signer block a user's position gives them in a body, or null when it gives none: the
 * head (with "TM. <collective>" in a collective body), a deputy ("KT. <head>", after "TM."
 * in a collective body).
 */
export function signerByPosition(person: { position: string; fullName: string }, profile: BodyDocumentProfile): SignerBlock | null {
  const rank = positionRank(person.position, profile.head);
  if (!rank || !profile.head) return null;
  const authority: NonNullable<SignerBlock['authority']> = [];
  if (profile.collective) authority.push({ prefix: 'TM.', of: profile.collective });
  if (rank === 'deputy') authority.push({ prefix: 'KT.', of: profile.head });
  const position = rank === 'head' ? profile.head : `Phó ${profile.head}`;
  return { ...(authority.length ? { authority } : {}), position, fullName: person.fullName };
}
