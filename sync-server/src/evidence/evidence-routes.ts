import { Router } from 'express';
import type { UserContext } from '../../../domain/users';
import { authOf, type Authenticator } from '../http/auth';
import type { readCase } from '../http/case-routes';
import { sendError } from '../http/errors';
import { buildBundle, type BundleDeps } from './bundle';

export interface EvidenceRouteDeps extends BundleDeps {
  auth: Authenticator;
  readCase(user: UserContext, id: string): ReturnType<typeof readCase>;
}

/** `GET /api/evidence/key`, `GET /api/evidence/checkpoints`: public, so anyone may keep them. */
export function evidenceRoutes(deps: EvidenceRouteDeps): Router {
  const router = Router();
  router.get('/key', (_req, res) => {
    res.json({ ok: true, key: deps.signer.info });
  });
  router.get('/checkpoints', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ ok: true, key: deps.signer.info, checkpoints: await deps.evidence.checkpoints() });
  });
  return router;
}

/** `GET /api/cases/:id/bundle`: the case bundle, for whoever may read the case. */
export function bundleRoute(deps: EvidenceRouteDeps): Router {
  const router = Router();
  router.get('/:id/bundle', deps.auth.require(), async (req, res) => {
    const found = await deps.readCase(authOf(res).user, String(req.params.id));
    if (!found) return sendError(res, 'not_found', 'No such case.');
    const zip = await buildBundle(deps, found);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="berkas-${found.report.id}.zip"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
  });
  return router;
}
