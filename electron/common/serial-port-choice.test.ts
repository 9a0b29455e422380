import { describe, expect, it } from 'vitest';
import { chosenPortId, MAX_PORT_CHOICES, serialChooser, serialPortLabel } from './serial-port-choice';

const USB = {
  portId: 'p1',
  portName: 'ttyACM0',
  displayName: 'u-blox GNSS receiver',
  vendorId: '1546',
  productId: '01a8',
};
const COM = { portId: 'p2', portName: 'COM3' };

describe('serialPortLabel', () => {
  it.each([
    ['display name, port and USB ids', USB, 'u-blox GNSS receiver (ttyACM0) [USB 1546:01a8]'],
    ['a bare port', COM, 'COM3'],
    ['display name equal to the port name', { portId: 'x', portName: 'COM4', displayName: 'COM4' }, 'COM4'],
    [
      'control characters stripped',
      { portId: 'x', portName: 'COM5\u0007', displayName: 'GPS\n\u001b[31m' },
      'GPS[31m (COM5)',
    ],
    ['no port name: the id', { portId: 'abcdef', portName: '' }, 'abcdef'],
  ])('%s', (_name, port, label) => {
    expect(serialPortLabel(port)).toBe(label);
  });
});

describe('serialChooser and chosenPortId', () => {
  it('offers each port then Cancel, in the OS language', () => {
    const id = serialChooser([USB, COM], 'id-ID');
    expect(id.buttons).toEqual(['u-blox GNSS receiver (ttyACM0) [USB 1546:01a8]', 'COM3', 'Batal']);
    expect(id.cancelId).toBe(2);
    expect(serialChooser([USB], 'en-US').buttons.at(-1)).toBe('Cancel');
    expect(serialChooser([], 'id').message).toMatch(/Tidak ada port serial/);
    expect(serialChooser([], 'id').buttons).toEqual(['Batal']);
  });

  it.each([
    ['the first port', 0, 'p1'],
    ['the second port', 1, 'p2'],
    ['cancel', 2, ''],
    ['negative', -1, ''],
    ['fraction', 0.5, ''],
    ['NaN', Number.NaN, ''],
  ])('%s', (_name, response, portId) => {
    expect(chosenPortId([USB, COM], response)).toBe(portId);
  });

  it('never picks a port beyond the buttons shown', () => {
    const many = Array.from({ length: MAX_PORT_CHOICES + 3 }, (_, i) => ({
      portId: `p${i}`,
      portName: `COM${i}`,
    }));
    expect(serialChooser(many, 'en').buttons).toHaveLength(MAX_PORT_CHOICES + 1);
    expect(chosenPortId(many, MAX_PORT_CHOICES)).toBe('');
    expect(chosenPortId(many, MAX_PORT_CHOICES - 1)).toBe(`p${MAX_PORT_CHOICES - 1}`);
  });
});
