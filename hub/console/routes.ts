/**
 * The console's views as paths, so a reload or a shared link opens the same view. The hub serves
 * the app at each of them (hub/routes/console.ts, VIEW_PATTERN lists the first segments).
 */
export type ContentKind = 'message' | 'asset';

export type Route =
  | { view: 'library'; kind: ContentKind }
  | { view: 'edit'; kind: ContentKind; id: string | null }
  | { view: 'attention' }
  | { view: 'imports' }
  | { view: 'users' }
  | { view: 'usage' }
  | { view: 'changes' }
  | { view: 'connectors' };

export type View = Route['view'];

export function parsePath(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  switch (first) {
    case undefined:
    case 'library':
      // "new" is a segment of its own: an item's id may be any text, "new" included.
      if (second === 'new' && (third === 'message' || third === 'asset')) return { view: 'edit', kind: third, id: null };
      if ((second === 'message' || second === 'asset') && third) return { view: 'edit', kind: second, id: third };
      if (second === 'assets') return { view: 'library', kind: 'asset' };
      return { view: 'library', kind: 'message' };
    case 'attention':
    case 'imports':
    case 'users':
    case 'usage':
    case 'changes':
    case 'connectors':
      return { view: first };
    default:
      return { view: 'library', kind: 'message' };
  }
}

export function toPath(route: Route): string {
  switch (route.view) {
    case 'library':
      return route.kind === 'asset' ? '/library/assets' : '/library';
    case 'edit':
      return route.id === null ? `/library/new/${route.kind}` : `/library/${route.kind}/${encodeURIComponent(route.id)}`;
    default:
      return `/${route.view}`;
  }
}
