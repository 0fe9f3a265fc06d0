/** What a producer carries; a screen share is video, kept readable when a site drops to audio only. */
export type MediaSource = 'mic' | 'camera' | 'screen';

/** What a site receives: everything, or audio (and screen shares at their lowest layer) on a weak link. */
export type ReceiveMode = 'full' | 'audio-only';
