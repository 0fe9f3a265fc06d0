import type { types } from 'mediasoup';

/**
 * RTP header extensions the worker can use but the browser library (mediasoup-client) does not
 * offer. Browsers never negotiate them, so what hopso sends to a browser leaves them out — that
 * keeps the wire types the client's own.
 */
const SERVER_ONLY_URIS = ['urn:ietf:params:rtp-hdrext:toffset'] as const satisfies readonly types.RtpHeaderExtensionUri[];

type BrowserUri = Exclude<types.RtpHeaderExtensionUri, (typeof SERVER_ONLY_URIS)[number]>;
type ForBrowser<T extends { uri: types.RtpHeaderExtensionUri }> = T & { uri: BrowserUri };

export type BrowserRtpCapabilities = Omit<types.RtpCapabilities, 'headerExtensions'> & {
  headerExtensions?: ForBrowser<types.RtpHeaderExtension>[];
};
export type BrowserRtpParameters = Omit<types.RtpParameters, 'headerExtensions'> & {
  headerExtensions?: ForBrowser<types.RtpHeaderExtensionParameters>[];
};

function knownToBrowsers<T extends { uri: types.RtpHeaderExtensionUri }>(ext: T): ext is ForBrowser<T> {
  return !(SERVER_ONLY_URIS as readonly string[]).includes(ext.uri);
}

export function capabilitiesForBrowser(caps: types.RtpCapabilities): BrowserRtpCapabilities {
  const { headerExtensions, ...rest } = caps;
  return headerExtensions ? { ...rest, headerExtensions: headerExtensions.filter(knownToBrowsers) } : rest;
}

export function parametersForBrowser(params: types.RtpParameters): BrowserRtpParameters {
  const { headerExtensions, ...rest } = params;
  return headerExtensions ? { ...rest, headerExtensions: headerExtensions.filter(knownToBrowsers) } : rest;
}
