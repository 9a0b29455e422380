// What happens when the page tries to navigate (link click, `location = …`, `window.open`).
// The app is a single page on its own origin; it never navigates its window anywhere else.

import { isAppOrigin } from './app-identity';
import { trustedExternalUrl } from './trusted-url';

export type NavigationDecision =
  { action: 'allow' } | { action: 'open-external'; url: string } | { action: 'deny' };

/** For `will-navigate` / `will-redirect`: staying on the app origin (a reload, a reset) is allowed. */
export function decideNavigation(url: unknown): NavigationDecision {
  if (isAppOrigin(url)) return { action: 'allow' };
  return externalOrDeny(url);
}

/** For `window.open` / `target=_blank`: never a new app window; a trusted web link goes to the OS browser. */
export function decideWindowOpen(url: unknown): NavigationDecision {
  return externalOrDeny(url);
}

function externalOrDeny(url: unknown): NavigationDecision {
  const external = trustedExternalUrl(url);
  return external === null ? { action: 'deny' } : { action: 'open-external', url: external };
}
