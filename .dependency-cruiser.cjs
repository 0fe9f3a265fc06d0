/**
 * Dependency rules, checked by `npm run deps` (part of scripts/test.sh).
 *
 * The server's layers, lowest first. A folder may import only folders of layers to its left;
 * folders of one layer do not import each other. So imports point down, and no two server
 * folders can form a cycle.
 *
 *   lib → db → units, calendar → auth → sockets, access-log, registry → nodes → meetings → documents → signing
 *       → invitations → notifications → media → live → attendance → minutes → tasks → reports
 *
 * sockets (the app-wide socket.io server and its rooms) is infrastructure that needs only the
 * session; so is access-log (the hash-chained log any capability above appends to);
 * documents (the register and NĐ 30 layouts) refer to the meetings they record; signing
 * (PDF signatures, the deployment CA, verification) signs and looks up registered documents.
 *
 * Above them all, the composition layer: app.ts, main.ts, config.ts, demo/, docs/, web/,
 * health/, metrics/, cli/. It may import anything; nothing below imports it, except types from config.ts.
 * (server/db/schema.ts, the list of every table for drizzle-kit, is composition too: nothing
 * imports it, so it is left out of the cruise rather than made an exception to every rule.)
 */
const LAYERS = [
  ['lib'],
  ['db'],
  ['units', 'calendar'],
  ['auth'],
  // registry: the admins' routes that reorganise units (change sets), which need auth's policy.
  ['sockets', 'access-log', 'registry'],
  // Several nodes of one deployment: who is alive, the node-to-node link, the socket.io adapter.
  ['nodes'],
  ['meetings'],
  ['documents'],
  ['signing'],
  ['invitations'],
  ['notifications'],
  ['media'],
  ['live'],
  ['attendance'],
  // The biên bản is drafted from attendance and the live room's speaker log.
  ['minutes'],
  // Tasks come from the conclusions of published minutes and notices.
  ['tasks'],
  ['reports'],
];
const COMPOSITION_FOLDERS = ['demo', 'docs', 'web', 'health', 'metrics', 'cli'];

const folders = (names) => `^server/(${names.join('|')})/`;

// lib's rule and media → live are stated on their own below (clearer messages, no double report).
const statedAlone = { media: ['^server/live/'] };
const layerRules = LAYERS.flatMap((layer, i) => {
  if (i === 0) return [];
  const below = LAYERS.slice(0, i).flat();
  return layer.map((folder) => ({
    name: `layer-${folder}`,
    comment: `server/${folder} may import only server/{${below.join(',')}} (see the layer list at the top of this file)`,
    severity: 'error',
    from: { path: folders([folder]) },
    to: {
      path: '^(server|client|tests|bench|scripts)/',
      // Its own files, lower layers, and config.ts (whose imports config-types-only checks).
      pathNot: [folders([folder]), folders(below), '^server/config\\.ts$', ...(statedAlone[folder] ?? [])],
    },
  }));
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module cycles anywhere: a cycle makes import order matter and hides which side owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-server-folder-cycles',
      comment: 'No cycles between server folders (the layer rules below say which way each import may point).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^server/[^/]+' },
      to: { path: '^server/[^/]+', circular: true },
    },
    {
      name: 'lib-imports-nothing-of-the-app',
      comment: 'server/lib is the bottom layer: node and npm modules only.',
      severity: 'error',
      from: { path: '^server/lib/' },
      to: { path: '^(server|client|tests|bench|scripts)/', pathNot: '^server/lib/' },
    },
    {
      name: 'media-not-live',
      comment: 'media owns mediasoup objects; live (signalling) uses media, never the other way round.',
      severity: 'error',
      from: { path: '^server/media/' },
      to: { path: '^server/live/' },
    },
    ...layerRules,
    {
      name: 'config-types-only',
      comment: 'Capabilities get their settings handed down; they may name the Config type, not load it.',
      severity: 'error',
      from: { path: folders(LAYERS.flat()) },
      to: { path: '^server/config\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-folder-has-a-layer',
      comment: 'Every server folder is placed in the layer list above (or is part of the composition layer).',
      severity: 'error',
      from: { path: '^server/[^/]+/', pathNot: folders([...LAYERS.flat(), ...COMPOSITION_FOLDERS]) },
      to: {},
    },
    {
      name: 'server-not-to-client-or-tests',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(client|tests|bench|scripts)/' },
    },
    {
      name: 'client-imports-only-types-from-server',
      comment: 'The client shares the server\'s wire types (erased at build time); no server code ships to the browser.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-tests',
      comment: 'Test helpers serve tests only.',
      severity: 'error',
      from: { pathNot: '^tests/' },
      to: { path: '^tests/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^server/db/schema\\.ts$' },
    includeOnly: { path: ['^(server|client/src|tests|bench|scripts)/', 'node_modules'] },
    // Type-only imports count as dependencies (so cycles through types are cycles too), and are
    // marked "type-only" for the client rule above.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
