// Notifications about reports: native through the Electron bridge (no permission prompt; the OS settings
// decide), the web Notification API elsewhere (asked for only on a user's click, as browsers require).

import type { NotificationRequest } from '../../../domain/ipc';
import { getBridge } from './index';

export type NotificationAvailability = 'native' | 'granted' | 'default' | 'denied' | 'unsupported';

export function notificationAvailability(): NotificationAvailability {
  if (getBridge()) return 'native';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks the browser for permission; call from a click handler. */
export async function requestNotificationPermission(): Promise<NotificationAvailability> {
  if (getBridge()) return 'native';
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

let privateText: { title: string; body: string } | null = null;

/**
 * While the app is locked (issue 13) a notification says only that there is news: set the words to show
 * instead of each notification's title and body, or null when unlocked.
 */
export function setNotificationsPrivate(text: { title: string; body: string } | null): void {
  privateText = text;
}

/**
 * Shows one notification; `onOpen` runs with the report id when the user clicks it (in Electron the click
 * arrives through `onNotificationOpen`, which the shell subscribes to once). False when nothing was shown.
 */
export async function showReportNotification(
  request: NotificationRequest,
  onOpen: (reportId: string) => void,
): Promise<boolean> {
  if (privateText !== null) request = { ...request, ...privateText };
  const bridge = getBridge();
  if (bridge) return (await bridge.showNotification(request)).ok;
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false;
  const notification = new Notification(request.title, { body: request.body, tag: request.reportId });
  notification.onclick = () => {
    window.focus();
    onOpen(request.reportId);
    notification.close();
  };
  return true;
}

/** Clicks on native notifications (Electron); a no-op subscription in the browser. */
export function onNotificationOpen(listener: (reportId: string) => void): () => void {
  const bridge = getBridge();
  return bridge ? bridge.onNotificationClick(listener) : () => undefined;
}
