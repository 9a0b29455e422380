import { Router } from 'express';
import {
  type DeviceListResponse,
  type DeviceResponse,
  isDeviceId,
  parseRegisterDevice,
} from '../../../domain/devices';
import { validateUserName } from '../../../domain/users';
import { DeviceError, type DeviceStore } from '../devices';
import { authOf, type Authenticator } from './auth';
import { HttpError } from './errors';

function asHttp(err: unknown): never {
  if (err instanceof DeviceError) throw new HttpError(err.code, err.message);
  throw err;
}

/** `/api/devices`: a signed-in user registers their own device; administrators list and revoke. */
export function deviceRoutes(devices: DeviceStore, auth: Authenticator): Router {
  const router = Router();

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
    const body: DeviceListResponse = {
      ok: true,
      devices: await devices.list(user === undefined ? {} : { user }),
    };
    res.json(body);
  });

  router.post('/:id/revoke', auth.require('admin'), async (req, res) => {
    const id = String(req.params.id);
    if (!isDeviceId(id)) throw new HttpError('not_found', `No device ${id}.`);
    const reason = (req.body as { reason?: unknown } | undefined)?.reason;
    if (typeof reason !== 'string') throw new HttpError('bad_request', 'Send {"reason": "…"}.');
    const device = await devices.revoke(id, authOf(res).user.name, reason).catch(asHttp);
    const body: DeviceResponse = { ok: true, device };
    res.json(body);
  });

  return router;
}
