import readline from 'node:readline';
import { isRole, type Role } from '../../domain/users';
import type { Backend } from './backend/backend';
import { openBackend } from './backend/open';
import type { ServerConfig } from './config';
import { couchClient, dbNames } from './couch';
import { provision, ensureSecret } from './provision';
import { type DeviceRecord, isWipeMode, parseDeviceFilter } from '../../domain/devices';
import { DeviceError, DeviceStore } from './devices';
import { logger } from './logger';
import { SessionStore } from './sessions';
import { UserError, UserStore, type NewUser } from './users';

export class UsageError extends Error {}

export function usage(): string {
  return [
    'Usage: tertib-server <command>',
    '',
    '  serve [--web]                       run the sync-server (--web also serves the web app at /)',
    '  user add NAME --role officer|supervisor|admin [--team T] [--region R]',
    '                                      password from TERTIB_PASSWORD or standard input',
    '  user list                           list accounts',
    '  user disable NAME                   disable an account and end its sessions',
    '  seed-demo                           demo region, two teams, officers, a supervisor and an admin',
    '  device list [--user NAME] [--unsent-older-than HOURS] [--not-seen-days DAYS]',
    '                                      list registered devices with their unsent backlog and wipe state',
    '  device revoke ID --reason TEXT [--mode lost|handover]',
    '                                      lost (default): revoke now, the device wipes at its next contact',
    '                                      without sending; handover: it sends what it holds, then wipes',
    '  verify BUNDLE.zip [--lang en]       check a case bundle offline; exit 0 only when every check holds',
    '',
    'Environment: PORT, HOST, COUCHDB_URL, DATA_DIR, TERTIB_DB_PREFIX (see README.md).',
  ].join('\n');
}

function takeOption(args: string[], flag: string): string | null {
  const i = args.indexOf(flag);
  if (i === -1) return null;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  args.splice(i, 2);
  return value;
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.TERTIB_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) {
    // Prompt without echoing what is typed.
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stdout.write('Password: ');
    out._writeToOutput = () => undefined;
    const answer = await new Promise<string>((resolve) => rl.question('', resolve));
    rl.close();
    process.stdout.write('\n');
    return answer;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function withUsers<T>(
  config: ServerConfig,
  fn: (users: UserStore, sessions: SessionStore, devices: DeviceStore) => Promise<T>,
): Promise<T> {
  const backend: Backend = await openBackend(config, { shareRunning: true });
  try {
    const couch = couchClient(backend.adminUrl);
    const names = dbNames(config.dbPrefix);
    await provision(couch, names);
    const users = new UserStore(couch, await ensureSecret(couch, names.config), names.prefix);
    return await fn(
      users,
      new SessionStore(couch, names.sessions, config.sessionTtlSeconds),
      new DeviceStore(couch, names.devices),
    );
  } finally {
    await backend.close();
  }
}

const DEMO_REGION = 'jakarta-pusat';
const DEMO_USERS: Array<Omit<NewUser, 'password'>> = [
  { name: 'admin', role: 'admin', team: null, region: null },
  { name: 'pengawas', role: 'supervisor', team: null, region: DEMO_REGION },
  { name: 'petugas1', role: 'officer', team: 'regu-1', region: DEMO_REGION },
  { name: 'petugas2', role: 'officer', team: 'regu-1', region: DEMO_REGION },
  { name: 'petugas3', role: 'officer', team: 'regu-2', region: DEMO_REGION },
];
export const DEMO_PASSWORD = 'tertib-demo';

export async function runAdminCommand(
  command: string,
  rest: string[],
  config: ServerConfig,
): Promise<number> {
  const args = [...rest];
  if (command === 'user') {
    const sub = args.shift();
    if (sub === 'add') {
      const role = takeOption(args, '--role');
      const team = takeOption(args, '--team');
      const region = takeOption(args, '--region');
      const name = args.shift();
      if (!name || args.length)
        throw new UsageError('user add takes one NAME and the options --role, --team, --region');
      if (!isRole(role)) throw new UsageError('--role must be officer, supervisor or admin');
      const password = await readPassword();
      const user = await withUsers(config, (users) =>
        users.add({ name, password, role: role as Role, team, region }).catch((err: unknown) => {
          if (err instanceof UserError) throw new Error(err.message);
          throw err;
        }),
      );
      console.log(
        `added ${user.name} (${user.role}${user.team ? `, team ${user.team}` : ''}${user.region ? `, region ${user.region}` : ''})`,
      );
      return 0;
    }
    if (sub === 'list') {
      const list = await withUsers(config, (users) => users.list());
      if (!list.length) console.log('no users yet: add one with "tertib-server user add NAME --role admin"');
      for (const u of list) {
        console.log(
          [u.name, u.role, u.team ?? '-', u.region ?? '-', u.disabled ? 'disabled' : 'active'].join('\t'),
        );
      }
      return 0;
    }
    if (sub === 'disable') {
      const name = args.shift();
      if (!name || args.length) throw new UsageError('user disable takes one NAME');
      // Its sessions end with it; running servers see both changes and end its live feeds (http/auth.ts).
      await withUsers(config, async (users, sessions) => {
        await users.disable(name).catch((err: unknown) => {
          if (err instanceof UserError) throw new Error(err.message);
          throw err;
        });
        await sessions.destroyAllFor(name);
      });
      console.log(`disabled ${name}`);
      return 0;
    }
    throw new UsageError(`unknown user command "${sub ?? ''}"`);
  }
  if (command === 'device') return runDeviceCommand(args, config);
  if (command === 'seed-demo') {
    const password = process.env.TERTIB_PASSWORD || DEMO_PASSWORD;
    await withUsers(config, async (users) => {
      for (const u of DEMO_USERS) {
        if (await users.get(u.name)) {
          console.log(`${u.name}: exists, left as it is`);
          continue;
        }
        await users.add({ ...u, password });
        console.log(`${u.name}: ${u.role}${u.team ? `, ${u.team}` : ''}${u.region ? `, ${u.region}` : ''}`);
      }
    });
    console.log(`demo accounts use the password "${password}" — for trying Tertib out, never for real use`);
    return 0;
  }
  throw new UsageError(`unknown command "${command}"`);
}

async function runDeviceCommand(args: string[], config: ServerConfig): Promise<number> {
  const sub = args.shift();
  if (sub === 'list') {
    const user = takeOption(args, '--user');
    const filter = parseDeviceFilter({
      unsentOlderThanHours: takeOption(args, '--unsent-older-than') ?? undefined,
      notSeenForDays: takeOption(args, '--not-seen-days') ?? undefined,
    });
    if (args.length || !filter.ok)
      throw new UsageError('device list takes --user NAME, --unsent-older-than HOURS, --not-seen-days DAYS');
    const list = await withUsers(config, (_u, _s, devices) =>
      devices.list({ ...filter.value, ...(user === null ? {} : { user }) }),
    );
    if (!list.length) console.log('no devices match (a device registers at its first sign-in)');
    for (const d of list) console.log(deviceLine(d));
    return 0;
  }
  if (sub === 'revoke') {
    const reason = takeOption(args, '--reason');
    const mode = takeOption(args, '--mode') ?? 'lost';
    const id = args.shift();
    if (!id || args.length || reason === null || !isWipeMode(mode))
      throw new UsageError('device revoke takes one ID, --reason TEXT and optionally --mode lost|handover');
    // A lost/stolen order also ends the user's sessions, as the server's route does (device-routes.ts).
    const device = await withUsers(config, async (_u, sessions, devices) => {
      const d = await devices.orderWipe(id, 'cli', mode, reason).catch((err: unknown) => {
        if (err instanceof DeviceError) throw new Error(err.message);
        throw err;
      });
      if (d.wipe?.mode === 'lost') await sessions.destroyAllFor(d.user);
      return d;
    });
    logger.info(
      { device: device.id, user: device.user, by: 'cli', mode: device.wipe?.mode },
      'device wipe ordered',
    );
    if (device.revoked)
      console.log(`revoked ${device.id} (${device.user}, ${device.name}) at ${device.revoked.at}`);
    console.log(
      `wipe ordered for ${device.id} (${device.wipe?.mode ?? mode}): it wipes at its next contact with the server`,
    );
    return 0;
  }
  throw new UsageError(`unknown device command "${sub ?? ''}"`);
}

/** One device, tab-separated: who, which, contact times, state, unsent backlog, wipe ordered/confirmed. */
function deviceLine(d: DeviceRecord): string {
  const state = d.revoked ? `revoked ${d.revoked.at} by ${d.revoked.by}: ${d.revoked.reason}` : 'active';
  const backlog = d.backlog
    ? `unsent ${d.backlog.reports} reports ${d.backlog.photos} photos, oldest ${d.backlog.oldestAt ?? '-'} (as of ${d.backlog.reportedAt})`
    : 'unsent unknown';
  const wipe = d.wipe
    ? `wipe ${d.wipe.mode} ordered ${d.wipe.at} by ${d.wipe.by}; ` +
      (d.wipeConfirmed
        ? `confirmed ${d.wipeConfirmed.receivedAt} (${d.wipeConfirmed.unsentReports ?? '?'} reports, ${d.wipeConfirmed.unsentPhotos ?? '?'} photos unsent)`
        : 'not confirmed yet')
    : 'no wipe';
  return [d.user, d.id, d.name, d.appVersion, d.firstContact, d.lastContact, state, backlog, wipe].join('\t');
}
