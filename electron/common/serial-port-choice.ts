// Electron has no serial-port picker of its own: `select-serial-port` hands the app the port list and the app
// asks the user (electron/main/security.ts shows these choices in a native message box). Pure here so the
// labels and the answer → port mapping are table-tested; a cancelled or unknown answer never picks a port.

/** The fields of Electron's `SerialPort` structure this chooser reads. */
export interface SerialPortInfo {
  portId: string;
  portName: string;
  displayName?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** Most ports offered as buttons; a patrol laptop has one or two (more would not fit a message box). */
export const MAX_PORT_CHOICES = 8;

const TEXT = {
  id: {
    title: 'Penerima GNSS',
    message: 'Pilih port serial penerima GNSS',
    detail: 'Sambungkan penerima lewat USB atau port serial, lalu pilih portnya.',
    none: 'Tidak ada port serial. Sambungkan penerima GNSS, lalu coba lagi.',
    cancel: 'Batal',
  },
  en: {
    title: 'GNSS receiver',
    message: 'Choose the GNSS receiver’s serial port',
    detail: 'Connect the receiver by USB or a serial port, then choose its port.',
    none: 'No serial port found. Connect the GNSS receiver, then try again.',
    cancel: 'Cancel',
  },
} as const;

/** "u-blox GNSS receiver (COM3)", or the port name alone when the OS gives no description. */
export function serialPortLabel(port: SerialPortInfo): string {
  const clean = (s: string | undefined) =>
    [...(s ?? '')]
      .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
      .join('')
      .trim()
      .slice(0, 80);
  const name = clean(port.portName) || port.portId.slice(0, 40);
  const display = clean(port.displayName);
  const usb =
    port.vendorId && port.productId ? ` [USB ${clean(port.vendorId)}:${clean(port.productId)}]` : '';
  return display && display !== name ? `${display} (${name})${usb}` : `${name}${usb}`;
}

export interface SerialChooser {
  title: string;
  message: string;
  detail: string;
  /** Port labels first (in the order of `ports`), then the cancel button. */
  buttons: string[];
  cancelId: number;
}

/** The message box for these ports in the OS language (`app.getLocale()`: Indonesian, else English). */
export function serialChooser(ports: readonly SerialPortInfo[], locale: string): SerialChooser {
  const text = /^(id|in)\b/i.test(locale) ? TEXT.id : TEXT.en;
  const offered = ports.slice(0, MAX_PORT_CHOICES);
  return {
    title: text.title,
    message: offered.length === 0 ? text.none : text.message,
    detail: offered.length === 0 ? '' : text.detail,
    buttons: [...offered.map(serialPortLabel), text.cancel],
    cancelId: offered.length,
  };
}

/** The port the answer (the clicked button's index) picks, or '' (Electron's "cancel the request"). */
export function chosenPortId(ports: readonly SerialPortInfo[], response: number): string {
  if (!Number.isInteger(response) || response < 0 || response >= Math.min(ports.length, MAX_PORT_CHOICES))
    return '';
  return ports[response]?.portId ?? '';
}
