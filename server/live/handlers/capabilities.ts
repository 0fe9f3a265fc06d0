import { routerCapabilities } from '../../media/room.ts';
import { entryHandler } from '../dispatcher.ts';

/** capabilities: what a page loads its device with, asked on the pre-join screen (any signed-in socket). */
export const capabilities = entryHandler('capabilities', async () => ({ routerRtpCapabilities: routerCapabilities }));
