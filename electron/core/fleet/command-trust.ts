/**
 * The keys a terminal accepts commands from: the pinned `publicKeys` minus every key a bundle
 * withdrew (revoked-keys.ts), so a withdrawn key signs no command even after a config rollback
 * put it back in `publicKeys`. A revocation list that cannot be read trusts no key at all: a
 * fleet that cannot command the terminal is repairable, one that obeys a stolen key is not.
 */
import type { RevokedKey } from '../config-bundle/revoked-keys.ts';
import { errorMessage } from '../util/error-message.ts';

type PinnedKey = { id: string; key: string };

export function commandTrust(
  publicKeys: () => readonly PinnedKey[],
  revoked: { load(): RevokedKey[] },
  onUnreadable: (detail: string) => void,
): () => readonly PinnedKey[] {
  return () => {
    let withdrawn: RevokedKey[];
    try {
      withdrawn = revoked.load();
    } catch (error) {
      onUnreadable(errorMessage(error));
      return [];
    }
    return publicKeys().filter((k) => !withdrawn.some((r) => r.key === k.key));
  };
}
