import { Router } from 'express';
import {
  type DeviceContactResponse,
  type DeviceRecord,
  type DeviceListResponse,
  type DeviceResponse,
  isDeviceId,
  isWipeMode,
  parseDeviceContact,
  parseDeviceFilter,
  parseRegisterDevice,
  parseWipeConfirmation,
} from '../../../domain/devices';
import { logger } from '../logger';
import { validateUserName } from '../../../domain/users';
import { DeviceError, type DeviceStore } from '../devices';
import { authOf, type Authenticator } from './auth';
import { HttpError } from './errors';

function asHttp(err: unknown): never {
  if (err instanceof DeviceError) throw new HttpError(err.code, err.message);
  throw err;
}

/** `/api/devices`: a signed-in user registers their own device; administrators list and revoke. */
export function deviceRoutes(
  devices: DeviceStore,
  auth: Authenticator,
  /** Is this account active (issue 13: a disabled account's devices wipe)? Asked at every contact. */
  accountActive: (user: string) => Promise<boolean> = async () => true,
  /**
   * Ends every session of a user: a device ordered wiped as lost or stolen may still hold one (the desktop
   * app keeps its token in the OS keychain, which whoever has the laptop can use).
   */
  endSessions: (user: string) => Promise<number> = async () => 0,
): Router {
  const router = Router();
  const log = logger.child({ component: 'devices' });

  router.post('/', auth.require(), async (req, res) => {
    const parsed = parseRegisterDevice(req.body);
    if (!parsed.ok) throw new HttpError('bad_request', parsed.error);
    const { device, created } = await devices.register(authOf(res).user.name, parsed.value).catch(asHttp);
    const body: DeviceResponse = { ok: true, device };
    res.status(created ? 201 : 200).json(body);
  });

  router.get('/', auth.require('admin'), async (req, res) => {
    const user = typeof req.query.user === 'string' ? req.query.user : undefined;
    if (user !== undefined && !validateUserName(user).ok)
      throw new HttpError('bad_request', 'user is not a user name.');
    const filter = parseDeviceFilter(req.query as Record<string, unknown>);
    if (!filter.ok) throw new HttpError('bad_request', filter.error);
    const body: DeviceListResponse = {
      ok: true,
      devices: await devices.list({ ...filter.value, ...(user === undefined ? {} : { user }) }),
    };
    res.json(body);
  });

  router.post('/:id/revoke', auth.require('admin'), async (req, res) => {
    const id = String(req.params.id);
    if (!isDeviceId(id)) throw new HttpError('not_found', `No device ${id}.`);
    const reason = (req.body as { reason?: unknown } | undefined)?.reason;
    if (typeof reason !== 'string') throw new HttpError('bad_request', 'Send {"reason": "…"}.');
    const by = authOf(res).user.name;
    const device = await devices.orderWipe(id, by, 'lost', reason).catch(asHttp);
    await afterOrder(device, by);
    const body: DeviceResponse = { ok: true, device };
    res.json(body);
  });

  /** Logs an order; a lost/stolen one also ends the user's sessions (they sign in again elsewhere). */
  async function afterOrder(device: DeviceRecord, by: string): Promise<void> {
    log.info({ device: device.id, user: device.user, by, mode: device.wipe?.mode }, 'device wipe ordered');
    if (device.wipe?.mode !== 'lost') return;
    const ended = await endSessions(device.user);
    if (ended) log.info({ device: device.id, user: device.user, sessions: ended }, 'sessions ended');
  }

  // Issue 13 (docs/device-wipe.md): an administrator orders a wipe, `handover` or `lost`.
  router.post('/:id/wipe', auth.require('admin'), async (req, res) => {
    const id = String(req.params.id);
    if (!isDeviceId(id)) throw new HttpError('not_found', `No device ${id}.`);
    const b = (req.body ?? {}) as { mode?: unknown; reason?: unknown };
    if (!isWipeMode(b.mode) || typeof b.reason !== 'string')
      throw new HttpError('bad_request', 'Send {"mode": "handover" | "lost", "reason": "…"}.');
    const by = authOf(res).user.name;
    const device = await devices.orderWipe(id, by, b.mode, b.reason).catch(asHttp);
    await afterOrder(device, by);
    const body: DeviceResponse = { ok: true, device };
    res.json(body);
  });

  // The device's own contact at each sync: no session (its key is the credential), so a device whose
  // account was disabled is still told to wipe.
  router.post('/:id/contact', async (req, res) => {
    const id = String(req.params.id);
    if (!isDeviceId(id)) throw new HttpError('not_found', `No device ${id}.`);
    const parsed = parseDeviceContact(req.body);
    if (!parsed.ok) throw new HttpError('bad_request', parsed.error);
    const { device, order, ordered, withdrawn } = await devices
      .signedContact(id, parsed.value, accountActive)
      .catch(asHttp);
    if (withdrawn)
      log.info({ device: id, user: device.user }, 'device wipe withdrawn (account active again)');
    if (ordered)
      log.info(
        { device: id, user: device.user, by: 'system', mode: 'lost' },
        'device wipe ordered (account disabled)',
      );
    if (order && !device.wipeConfirmed)
      log.info({ device: id, user: device.user, mode: order.mode }, 'device told to wipe');
    const body: DeviceContactResponse = { ok: true, order };
    res.json(body);
  });

  router.post('/:id/wipe-confirmation', async (req, res) => {
    const id = String(req.params.id);
    if (!isDeviceId(id)) throw new HttpError('not_found', `No device ${id}.`);
    const parsed = parseWipeConfirmation(req.body);
    if (!parsed.ok) throw new HttpError('bad_request', parsed.error);
    const { device, first } = await devices.confirmWipe(id, parsed.value).catch(asHttp);
    if (first) {
      log.info(
        {
          device: id,
          user: device.user,
          mode: device.wipe?.mode,
          unsentReports: parsed.value.unsentReports,
          unsentPhotos: parsed.value.unsentPhotos,
        },
        'device confirmed its wipe',
      );
    }
    const body: DeviceResponse = { ok: true, device };
    res.json(body);
  });

  return router;
}
