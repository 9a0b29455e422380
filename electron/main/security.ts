// Process-wide security policy: what a web page may do besides render. Pure decisions live in
// electron/common (tested there); this file only attaches them to Electron's hooks.

import { app, BrowserWindow, dialog, session, shell, type Session, type WebContents } from 'electron';
import { isAppOrigin } from '../common/app-identity';
import { findDebugSwitch } from '../common/debug-switches';
import { decideNavigation, decideWindowOpen, type NavigationDecision } from '../common/navigation-policy';
import { decideDevicePermission, decidePermission } from '../common/permission-policy';
import { chosenPortId, serialChooser } from '../common/serial-port-choice';

/**
 * A packaged app refuses remote-debugging and inspector switches (see debug-switches.ts). Development
 * builds keep them so the app stays debuggable. Call before `app` is ready.
 */
export function refuseDebugSwitches(): void {
  if (!app.isPackaged) return;
  const found = findDebugSwitch(process.argv);
  if (found !== null) {
    console.error(`[security] refusing to start with debugging switch ${found}`);
    app.exit(1);
  }
}

export function openExternally(url: string): void {
  shell
    .openExternal(url)
    .catch((error: unknown) => console.warn(`[security] openExternal failed: ${String(error)}`));
}

function apply(decision: NavigationDecision, prevent: () => void): void {
  if (decision.action === 'allow') return;
  prevent();
  if (decision.action === 'open-external') openExternally(decision.url);
}

/** Applied to every WebContents the app creates (from `app.on('web-contents-created')`). */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => apply(decideNavigation(event.url), () => event.preventDefault()));
  contents.on('will-redirect', (event) => apply(decideNavigation(event.url), () => event.preventDefault()));
  contents.on('will-frame-navigate', (event) => {
    // Sub-frames (the CSP already forbids them) may never load anything.
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    apply(decideWindowOpen(url), () => {});
    return { action: 'deny' };
  });
}

/**
 * Camera, geolocation and serial ports (a GNSS receiver) for the app origin only; every other permission and
 * every other kind of device is denied.
 */
export function installPermissionHandlers(ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    const granted = decidePermission({
      permission,
      origin: details.requestingUrl,
      isMainFrame: details.isMainFrame,
      mediaTypes,
    });
    if (!granted) console.warn(`[security] denied permission ${permission} for ${details.requestingUrl}`);
    callback(granted);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermission({
      permission,
      origin: requestingOrigin,
      isMainFrame: details.isMainFrame,
      mediaTypes: details.mediaType === undefined ? undefined : [details.mediaType],
    }),
  );
  // Web Serial for the external GNSS receiver (issue 12); WebUSB, WebHID and Bluetooth are not needed.
  ses.setDevicePermissionHandler((details) =>
    decideDevicePermission({ deviceType: details.deviceType, origin: details.origin }),
  );
  // Cancel the other device pickers outright (an empty or absent id cancels the page's request).
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  ses.on('select-serial-port', (event, ports, contents, callback) => {
    event.preventDefault();
    chooseSerialPort(ports, contents).then(callback, (error: unknown) => {
      console.warn(`[security] serial port chooser failed: ${String(error)}`);
      callback('');
    });
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

/**
 * Electron shows no port picker of its own: ask the user in a native message box which port is the receiver
 * (navigator.serial.requestPort runs only after a click, so this answers a user's own request). Only the app's
 * own page may ask; the answer is one of the listed ports or '' (cancel).
 */
async function chooseSerialPort(ports: Electron.SerialPort[], contents: WebContents): Promise<string> {
  if (!isAppOrigin(contents.getURL())) return '';
  const choice = serialChooser(ports, app.getLocale());
  const options = { type: 'question' as const, noLink: true, defaultId: 0, ...choice };
  const parent = BrowserWindow.fromWebContents(contents);
  const { response } = parent
    ? await dialog.showMessageBox(parent, options)
    : await dialog.showMessageBox(options);
  return chosenPortId(ports, response);
}
