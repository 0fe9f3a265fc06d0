/**
 * The site identity of this tab in one meeting. Kept in sessionStorage: a reload or a
 * rejoin after a dropped link presents the same id, so the server records one presence
 * with a gap instead of a second site; a second tab gets its own.
 */
export function siteSessionId(meetingId: string): string {
  const key = `hopso.live.site.${meetingId}`;
  try {
    const existing = sessionStorage.getItem(key);
    if (existing) return existing;
    const id = randomId();
    sessionStorage.setItem(key, id);
    return id;
  } catch {
    return (fallback[meetingId] ??= randomId());
  }
}

const fallback: Record<string, string> = {};

function randomId(): string {
  // randomUUID needs a secure context; a LAN deployment on plain HTTP still gets an id.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
