/**
 * The layers of DESIGN.md ("Layers"), enforced: a module may import only from the folders its
 * layer lists (and from its own folder). Imports are resolved to repository paths, so `../store/db`
 * and `../../lib/store/db` are judged alike. Type-only imports count too: a type that two layers
 * share belongs in lib/contract.
 *
 * The page script (lib/page, entrypoints/content.ts) also may not pull zod into its bundle: from
 * lib/contract it takes values only out of the zod-free files below (types from anywhere).
 */
import path from 'node:path';

const CONTRACT = 'lib/contract';
const PURE = ['lib/contract', 'lib/match'];
const UI_BASE = ['lib/contract', 'lib/messaging', 'components/shared'];

/** Folder → the folders it may import from (besides itself). Longest prefix wins. */
export const LAYERS = {
  'lib/contract': [],
  'lib/match': [CONTRACT],
  'lib/import': PURE,
  'lib/recommend': PURE,
  'lib/sites': PURE,
  'lib/demo': [...PURE, 'lib/import', 'lib/recommend'],
  'lib/messaging': [CONTRACT],
  'lib/store': PURE,
  'lib/settings': [...PURE, 'lib/store'],
  'lib/sync': [...PURE, 'lib/store', 'lib/settings'],
  'lib/background': [...PURE, 'lib/store', 'lib/settings', 'lib/sync', 'lib/recommend', 'lib/sites', 'lib/import'],
  'lib/page': [...PURE, 'lib/sites', 'lib/recommend'],
  'components/shared': [CONTRACT, 'lib/messaging', 'lib/import'],
  'components/sidebar': [...UI_BASE, 'lib/match', 'lib/recommend'],
  'components/options': [...UI_BASE, 'lib/match', 'lib/import', 'lib/demo'],
  'components/popup': UI_BASE,
  'components/dashboard': UI_BASE,
  'hub': [...PURE, 'lib/import', 'lib/demo', 'lib/recommend'],
  // The console is a web app in the browser: the contract, the pure import pipeline (preview and
  // row report, as the options page), fillTemplate for the preview, shared components, itself.
  // Never the hub's server modules: it reaches the data through the hub's API only.
  'hub/console': [CONTRACT, 'lib/import', 'lib/recommend', 'components/shared'],
};

/** Contract files without zod: the page script may import values from these. */
export const ZOD_FREE_CONTRACT = ['lib/contract/tab-messages', 'lib/contract/storage-keys', 'lib/contract/validity'];
/** What the page script bundles: lib/page, the adapters and the pure modules they use. */
const PAGE_SCRIPT = ['lib/page', 'entrypoints/content', 'lib/sites', 'lib/match', 'lib/recommend'];

function layerOf(file) {
  let best;
  for (const layer of Object.keys(LAYERS)) {
    if ((file === layer || file.startsWith(`${layer}/`)) && (!best || layer.length > best.length)) best = layer;
  }
  return best;
}

/** The folder of a target that a layer's list may name: the longest listed prefix, or its top two segments. */
function folderOf(target) {
  const known = Object.keys(LAYERS).filter((layer) => target === layer || target.startsWith(`${layer}/`));
  if (known.length > 0) return known.sort((a, b) => b.length - a.length)[0];
  return target.split('/').slice(0, 2).join('/');
}

const stripExt = (file) => file.replace(/\.(d\.)?(ts|tsx|js|mjs|cjs)$/, '').replace(/\/index$/, '');

export default {
  meta: { type: 'problem', schema: [], messages: { up: '{{from}} may not import {{to}} ({{why}}).' } },
  create(context) {
    const root = context.cwd ?? process.cwd();
    const relative = path.relative(root, context.filename).split(path.sep).join('/');
    const file = stripExt(relative);
    const dir = path.posix.dirname(relative);
    const layer = layerOf(file);
    const pageScript = PAGE_SCRIPT.some((prefix) => file === prefix || file.startsWith(`${prefix}/`));
    if (!layer && !pageScript) return {};
    const check = (node, source, typeOnly) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = stripExt(path.posix.normalize(path.posix.join(dir, source)));
      if (pageScript && !typeOnly && (target === CONTRACT || target.startsWith(`${CONTRACT}/`)) && !ZOD_FREE_CONTRACT.includes(target)) {
        context.report({ node, messageId: 'up', data: { from: file, to: target, why: 'the page script takes only zod-free contract files: ' + ZOD_FREE_CONTRACT.join(', ') } });
        return;
      }
      if (!layer) return;
      const to = folderOf(target);
      if (to === layer || target.startsWith(`${layer}/`)) return;
      if (!to.startsWith('lib/') && !to.startsWith('components/') && to !== 'hub') return;
      if (LAYERS[layer].includes(to)) return;
      context.report({ node, messageId: 'up', data: { from: layer, to, why: `allowed: ${LAYERS[layer].join(', ') || 'nothing outside itself'}; DESIGN.md "Layers"` } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value, node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'))),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.argument?.value, true),
    };
  },
};
