import { Device, type types } from 'mediasoup-client';

/** A mediasoup Device and the router capabilities it was loaded with (as JSON, to compare). */
export interface LoadedDevice {
  device: Device;
  capabilities: string;
}

/**
 * Loading a Device asks the browser for its own capabilities (a throwaway RTCPeerConnection and
 * an offer): tens of milliseconds alone, hundreds on a busy office PC. A session loads one and
 * keeps it for every join (a device is only a factory of transports), from the pre-join page on.
 */
export async function loadDevice(routerRtpCapabilities: types.RtpCapabilities): Promise<LoadedDevice> {
  const device = new Device();
  await device.load({ routerRtpCapabilities });
  return { device, capabilities: JSON.stringify(routerRtpCapabilities) };
}

/** `loaded` if it was loaded with these capabilities, else a device newly loaded with them. */
export async function deviceFor(loaded: LoadedDevice | null, routerRtpCapabilities: types.RtpCapabilities): Promise<LoadedDevice> {
  return loaded?.capabilities === JSON.stringify(routerRtpCapabilities) ? loaded : loadDevice(routerRtpCapabilities);
}
