import type { SignerBlock } from '../documents/signer.ts';

/** The signer block printed on a Giấy mời, and the drafting unit of its "Lưu: VT, <unit>." line; kept with the meeting as it was issued. */
export interface InvitationSigner extends SignerBlock {
  draftingUnit?: string;
}
