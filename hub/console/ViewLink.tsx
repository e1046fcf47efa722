import type { MouseEvent, ReactNode } from 'react';
import { toPath, type Route } from './routes';
import { useConsole } from './store';

/** A link that changes the view without reloading the page, and still works as a link. */
export function ViewLink({ route, children, className, current }: { route: Route; children: ReactNode; className?: string; current?: boolean }) {
  const navigate = useConsole((state) => state.navigate);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(route);
  };
  return (
    <a href={toPath(route)} onClick={onClick} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

