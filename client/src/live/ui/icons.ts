/**
 * Small line icons for the control bar (24×24, stroked with the text colour). On a phone
 * the bar shows the icon and keeps the words as the button's accessible name; on a
 * desktop both are shown. Built as SVG nodes: no markup strings, nothing for the CSP.
 */
const paths = {
  mic: ['M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z', 'M5 11a7 7 0 0 0 14 0', 'M12 18v3'],
  micOff: ['M9 9v3a3 3 0 0 0 5.1 2.1', 'M15 9.3V6a3 3 0 0 0-5.7-1.3', 'M5 11a7 7 0 0 0 11.6 5.3', 'M19 11a7 7 0 0 1-.6 2.8', 'M12 18v3', 'M3 3l18 18'],
  camera: ['M3 7h12v10H3z', 'M15 10l6-3v10l-6-3'],
  cameraOff: ['M3 7h12v10H3z', 'M15 10l6-3v10l-6-3', 'M3 3l18 18'],
  screen: ['M3 4h18v12H3z', 'M8 20h8', 'M12 16v4', 'M12 13V7', 'M9 10l3-3 3 3'],
  hand: ['M8 13V5a1.5 1.5 0 0 1 3 0v6', 'M11 11V4a1.5 1.5 0 0 1 3 0v7', 'M14 11V5.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7 6 6 0 0 1-5-3l-2.5-4.5a1.5 1.5 0 0 1 2.6-1.5L8 14'],
  people: ['M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z', 'M2 20a7 7 0 0 1 14 0', 'M16 4.5a3.5 3.5 0 0 1 0 6.5', 'M18 14a6 6 0 0 1 4 6'],
  more: ['M5 12h.01', 'M12 12h.01', 'M19 12h.01'],
  leave: ['M10 17l-5-5 5-5', 'M5 12h11', 'M14 4h5v16h-5'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
} as const;

export type IconName = keyof typeof paths;

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'live-icon');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of paths[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
  }
  svg.dataset['icon'] = name;
  return svg;
}
