import type { SignerAuthorityPrefix } from '../documents/types.ts';

/** The signer block printed on a Giấy mời, kept with the meeting as it was issued. */
export interface InvitationSigner {
  authority?: { prefix: SignerAuthorityPrefix; of: string }[];
  position: string;
  fullName: string;
}
