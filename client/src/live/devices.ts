/**
 * Microphones, cameras and screen capture. The pre-join picker opens the chosen devices
 * once; the same tracks then go into the meeting, so the browser asks for permission
 * only once and the preview shows exactly what others will see.
 */

export interface DeviceChoice {
  audioInputId: string | null;
  videoInputId: string | null;
}

export interface DeviceLists {
  audioInputs: MediaDeviceInfo[];
  videoInputs: MediaDeviceInfo[];
}

const STORAGE_KEY = 'hopso.live.devices';

export function savedChoice(): DeviceChoice {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<DeviceChoice>;
      return { audioInputId: parsed.audioInputId ?? null, videoInputId: parsed.videoInputId ?? null };
    }
  } catch {
    // Unreadable storage: fall back to the browser's default devices.
  }
  return { audioInputId: null, videoInputId: null };
}

export function saveChoice(choice: DeviceChoice): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Storage disabled: the choice lasts for this visit only.
  }
}

export async function listDevices(): Promise<DeviceLists> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return {
    audioInputs: all.filter((d) => d.kind === 'audioinput' && d.deviceId),
    videoInputs: all.filter((d) => d.kind === 'videoinput' && d.deviceId),
  };
}

/** Meeting-room microphones pick up a whole hall: keep the browser's echo and noise processing on. */
export function audioConstraints(deviceId: string | null): MediaTrackConstraints {
  return { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), echoCancellation: true, noiseSuppression: true, autoGainControl: true };
}

/** 720p at most: the top simulcast layer; lower layers are scaled down from it. */
export function videoConstraints(deviceId: string | null): MediaTrackConstraints {
  return { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 25, max: 30 } };
}

export interface OpenedMedia {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  /** Set when a device could not be opened; the other one may still work. */
  problem: DeviceProblem | null;
}

export type DeviceProblem = 'denied' | 'notFound' | 'inUse' | 'unsupported' | 'other';

/**
 * Opens the chosen microphone and camera. If both together fail (a missing camera is the
 * usual cause), tries each alone, so a site without a camera still joins with its voice.
 */
export async function openMedia(choice: DeviceChoice, want: { audio: boolean; video: boolean }): Promise<OpenedMedia> {
  if (!navigator.mediaDevices?.getUserMedia) return { audio: null, video: null, problem: 'unsupported' };
  if (!want.audio && !want.video) return { audio: null, video: null, problem: null };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: want.audio ? audioConstraints(choice.audioInputId) : false,
      video: want.video ? videoConstraints(choice.videoInputId) : false,
    });
    return { audio: stream.getAudioTracks()[0] ?? null, video: stream.getVideoTracks()[0] ?? null, problem: null };
  } catch (err) {
    const problem = problemOf(err);
    if (problem === 'denied' || !(want.audio && want.video)) return { audio: null, video: null, problem };
    const audio = await openOne('audio', choice.audioInputId);
    const video = await openOne('video', choice.videoInputId);
    return { audio, video, problem };
  }
}

async function openOne(kind: 'audio' | 'video', deviceId: string | null): Promise<MediaStreamTrack | null> {
  try {
    const constraints = kind === 'audio' ? { audio: audioConstraints(deviceId) } : { video: videoConstraints(deviceId) };
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    return stream.getTracks()[0] ?? null;
  } catch {
    return null;
  }
}

/** Screen or window capture for slides; null when the person cancels the browser's picker. */
/** Phones and tablets (Android Chrome, iOS Safari) cannot capture a screen: the room does not offer it there. */
export function canShareScreen(): boolean {
  return !!navigator.mediaDevices?.getDisplayMedia;
}

export async function openScreen(): Promise<MediaStreamTrack | null> {
  if (!canShareScreen()) throw new Error('unsupported');
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 10, max: 15 } }, audio: false });
    const track = stream.getVideoTracks()[0] ?? null;
    // Slides: keep text sharp and lower the frame rate rather than the resolution.
    if (track && 'contentHint' in track) track.contentHint = 'detail';
    return track;
  } catch (err) {
    if (err instanceof DOMException && err.name === 'NotAllowedError') return null;
    throw err;
  }
}

export function problemOf(err: unknown): DeviceProblem {
  if (!(err instanceof DOMException)) return 'other';
  switch (err.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'notFound';
    case 'NotReadableError':
    case 'AbortError':
      return 'inUse';
    default:
      return 'other';
  }
}

export function stopTrack(track: MediaStreamTrack | null | undefined): void {
  track?.stop();
}
