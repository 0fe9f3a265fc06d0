import { loadDevice, type LoadedDevice } from './device.ts';
import { Signalling } from './signalling.ts';

/**
 * What the pre-join page gets ready while the person picks a camera and counts the room: the
 * connection to the meeting server and a device loaded with its routers' capabilities. Pressing
 * "Vào phòng họp" then starts with the join itself (bench:join: in a burst of five sites, the
 * connection and the device took 0.3 s and 0.2 s of the time to the first picture). Nothing is
 * joined here: the site is not present until it presses. The session takes both, or they close.
 */
export class JoinWarmup {
  readonly signalling = new Signalling();
  /** Null when it could not be loaded in advance (the session then loads one after joining). */
  readonly device: Promise<LoadedDevice | null>;
  private taken = false;

  constructor() {
    this.device = this.signalling
      .whenConnected()
      .then(() => this.signalling.request('capabilities', {}))
      .then(({ routerRtpCapabilities }) => loadDevice(routerRtpCapabilities))
      .catch((err: unknown) => {
        // The join says what is wrong with the connection, if anything; this was only a head start.
        console.warn('[live] could not prepare the join in advance', err);
        return null;
      });
  }

  /** Hands the connection and the device to the session that joins with them. */
  take(): { signalling: Signalling; device: Promise<LoadedDevice | null> } {
    this.taken = true;
    return { signalling: this.signalling, device: this.device };
  }

  /** The page went away without joining: the connection closes. */
  dispose(): void {
    if (!this.taken) this.signalling.close();
  }
}
