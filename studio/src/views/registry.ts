/** The views the studio shows, in tab order. Views register themselves through views/index.ts. */
import type { StudioView } from './view.js';

const registered: StudioView[] = [];

/**
 * Adds a view (a tab). Ids must be unique.
 * @example
 * registerView({ id: 'worm', title: 'Worm', engine: 'worm', mount: (context) => new WormView(context) });
 */
export function registerView(view: StudioView): void {
  if (registered.some((v) => v.id === view.id)) throw new Error(`a view with id "${view.id}" is already registered`);
  registered.push(view);
}

/** The registered views, in order. */
export function registeredViews(): readonly StudioView[] {
  return registered;
}
