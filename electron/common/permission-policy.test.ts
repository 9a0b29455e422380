import { describe, expect, it } from 'vitest';
import { decideDevicePermission, decidePermission, type PermissionQuery } from './permission-policy';

const APP = 'app://tertib';
const PAGE = 'app://tertib/index.html';

describe('decidePermission', () => {
  it.each<[string, PermissionQuery, boolean]>([
    [
      'camera for the app (request)',
      { permission: 'media', origin: PAGE, isMainFrame: true, mediaTypes: ['video'] },
      true,
    ],
    [
      'camera for the app (check)',
      { permission: 'media', origin: APP, isMainFrame: true, mediaTypes: ['video'] },
      true,
    ],
    ['geolocation for the app', { permission: 'geolocation', origin: PAGE, isMainFrame: true }, true],
    ['geolocation check by origin', { permission: 'geolocation', origin: APP, isMainFrame: true }, true],
    ['serial for the app (GNSS receiver)', { permission: 'serial', origin: APP, isMainFrame: true }, true],
    ['serial for a sub-frame', { permission: 'serial', origin: PAGE, isMainFrame: false }, false],
    [
      'serial for a web page',
      { permission: 'serial', origin: 'https://evil.example/', isMainFrame: true },
      false,
    ],
    // media beyond the camera
    ['microphone', { permission: 'media', origin: PAGE, isMainFrame: true, mediaTypes: ['audio'] }, false],
    [
      'camera + microphone',
      { permission: 'media', origin: PAGE, isMainFrame: true, mediaTypes: ['video', 'audio'] },
      false,
    ],
    [
      'media, type unknown',
      { permission: 'media', origin: PAGE, isMainFrame: true, mediaTypes: ['unknown'] },
      false,
    ],
    ['media, no types', { permission: 'media', origin: PAGE, isMainFrame: true, mediaTypes: [] }, false],
    ['media, types absent', { permission: 'media', origin: PAGE, isMainFrame: true }, false],
    [
      'screen capture',
      { permission: 'display-capture', origin: PAGE, isMainFrame: true, mediaTypes: ['video'] },
      false,
    ],
    // other origins and frames
    [
      'camera for a sub-frame',
      { permission: 'media', origin: PAGE, isMainFrame: false, mediaTypes: ['video'] },
      false,
    ],
    ['geolocation for a sub-frame', { permission: 'geolocation', origin: APP, isMainFrame: false }, false],
    [
      'camera for a web page',
      { permission: 'media', origin: 'https://evil.example/', isMainFrame: true, mediaTypes: ['video'] },
      false,
    ],
    [
      'geolocation for the sync-server',
      { permission: 'geolocation', origin: 'http://127.0.0.1:4984', isMainFrame: true },
      false,
    ],
    ['lookalike host', { permission: 'geolocation', origin: 'app://tertib.evil', isMainFrame: true }, false],
    [
      'lookalike with credentials',
      { permission: 'geolocation', origin: 'app://tertib@evil/', isMainFrame: true },
      false,
    ],
    [
      'lookalike with port',
      { permission: 'geolocation', origin: 'app://tertib:1234', isMainFrame: true },
      false,
    ],
    ['upper-case origin', { permission: 'geolocation', origin: 'APP://TERTIB', isMainFrame: true }, false],
    ['file origin', { permission: 'geolocation', origin: 'file:///', isMainFrame: true }, false],
    ['opaque origin', { permission: 'geolocation', origin: 'null', isMainFrame: true }, false],
    ['no origin', { permission: 'geolocation', origin: undefined, isMainFrame: true }, false],
    ['empty origin', { permission: 'geolocation', origin: '', isMainFrame: true }, false],
    // everything else, even for the app
    ...[
      'notifications',
      'clipboard-read',
      'clipboard-sanitized-write',
      'fullscreen',
      'pointerLock',
      'openExternal',
      'midi',
      'midiSysex',
      'hid',
      'usb',
      'fileSystem',
      'idle-detection',
      'window-management',
      'local-fonts',
      'storage-access',
      'unknown',
      'geolocation-approximate',
      '__proto__',
      'constructor',
    ].map((permission): [string, PermissionQuery, boolean] => [
      `${permission} for the app`,
      { permission, origin: PAGE, isMainFrame: true },
      false,
    ]),
  ])('%s', (_name, query, granted) => {
    expect(decidePermission(query)).toBe(granted);
  });
});

describe('decideDevicePermission', () => {
  it.each<[string, { deviceType: string; origin: string | undefined }, boolean]>([
    ['a serial port for the app', { deviceType: 'serial', origin: APP }, true],
    ['a serial port for a page of the app', { deviceType: 'serial', origin: PAGE }, true],
    ['HID for the app', { deviceType: 'hid', origin: APP }, false],
    ['USB for the app', { deviceType: 'usb', origin: APP }, false],
    ['a serial port for a web page', { deviceType: 'serial', origin: 'https://evil.example' }, false],
    ['a serial port for a lookalike', { deviceType: 'serial', origin: 'app://tertib.evil' }, false],
    ['a serial port, no origin', { deviceType: 'serial', origin: undefined }, false],
  ])('%s', (_name, query, granted) => {
    expect(decideDevicePermission(query)).toBe(granted);
  });
});
