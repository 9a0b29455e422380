// The ES5 twin of schema.ts, users.ts (userContextFromCouch), permissions.ts (can, ownershipOf) and
// write-rules.ts (authorizeWrite), as source text for CouchDB's validate_doc_update. CouchDB 3 runs design
// functions in SpiderMonkey, historically 1.8.5: ES5 only — no arrow functions, let/const, template
// literals, spread, or Array.prototype.includes. It reads its rule data from `R` (WRITE_RULES as JSON).
//
// Every message must match the TypeScript side word for word; couch-validation.test.ts runs both over the
// same cases. Change one, change the other.

export const ES5_RUNTIME = `
var hasOwn = Object.prototype.hasOwnProperty;
var toStr = Object.prototype.toString;
var reCache = {};

function deny(kind, reason) {
  var e = {};
  e[kind] = reason;
  throw e;
}
function has(o, k) { return hasOwn.call(o, k) && o[k] !== undefined; }
function isObj(v) { return typeof v === 'object' && v !== null && toStr.call(v) === '[object Object]'; }
function isArr(v) { return toStr.call(v) === '[object Array]'; }
function push(errs, m) { if (errs.length < R.maxErrors) errs.push(m); }
function matches(src, s) {
  if (!hasOwn.call(reCache, src)) reCache[src] = new RegExp(src);
  return reCache[src].test(s);
}
function aRole(role) { return ('aeiou'.indexOf(role.charAt(0)) !== -1 ? 'An ' : 'A ') + role; }
function shortKey(k) { return k.length > 40 ? k.slice(0, 40) + '...' : k; }

function checkValue(spec, v, path, errs) {
  var t = spec.t, i;
  if (v === null && spec.nullable) return;
  if (t === 'const') {
    if (v !== spec.value) push(errs, path + ' must be "' + spec.value + '"');
  } else if (t === 'str') {
    if (typeof v !== 'string') push(errs, path + ' must be a string');
    else if (v.length < spec.min || v.length > spec.max)
      push(errs, path + ' must be ' + spec.min + '..' + spec.max + ' characters long');
    else if (spec.oneOf && spec.oneOf.indexOf(v) === -1) push(errs, path + ' must be one of: ' + spec.oneOf.join(', '));
    else if (spec.re) {
      for (i = 0; i < spec.re.length; i++) {
        if (!matches(spec.re[i], v)) {
          push(errs, path + ' has an invalid format');
          break;
        }
      }
    }
  } else if (t === 'num') {
    if (typeof v !== 'number' || !isFinite(v)) push(errs, path + ' must be a finite number');
    else if (spec.int && Math.floor(v) !== v) push(errs, path + ' must be an integer');
    else if (v < spec.min || v > spec.max) push(errs, path + ' must be between ' + spec.min + ' and ' + spec.max);
  } else if (t === 'bool') {
    if (typeof v !== 'boolean') push(errs, path + ' must be true or false');
  } else if (t === 'arr') {
    if (!isArr(v)) push(errs, path + ' must be an array');
    else if (v.length < spec.min || v.length > spec.max)
      push(errs, path + ' must have ' + spec.min + '..' + spec.max + ' items');
    else for (i = 0; i < v.length; i++) checkValue(spec.items, v[i], path + '[' + i + ']', errs);
  } else {
    checkObject(spec, v, path, errs, false);
  }
}

function checkObject(spec, v, path, errs, isDoc) {
  var k, f, present, val, i, any, a, b;
  if (!isObj(v)) {
    push(errs, path + ' must be an object');
    return;
  }
  if (isDoc && has(v, '_id')) {
    if (typeof v._id !== 'string') push(errs, path + '._id must be a string');
    else if (has(v, 'id') && v.id !== v._id) push(errs, path + '._id must equal ' + path + '.id');
  }
  for (k in spec.fields) {
    if (!hasOwn.call(spec.fields, k)) continue;
    f = spec.fields[k];
    present = has(v, k);
    val = v[k];
    if (!present && isDoc && k === 'id' && has(v, '_id')) {
      present = true;
      val = v._id;
    }
    if (!present) {
      if (!f.optional) push(errs, path + '.' + k + ' is required');
      continue;
    }
    checkValue(f, val, path + '.' + k, errs);
  }
  for (k in v) {
    if (!hasOwn.call(v, k)) continue;
    if (errs.length >= R.maxErrors) break;
    if (hasOwn.call(spec.fields, k)) continue;
    if (isDoc && R.metaKeys.indexOf(k) !== -1) continue;
    push(errs, path + '.' + shortKey(k) + ' is not an allowed field');
  }
  if (spec.anyOf) {
    any = false;
    for (i = 0; i < spec.anyOf.length; i++) {
      if (has(v, spec.anyOf[i]) && v[spec.anyOf[i]] !== null) any = true;
    }
    if (!any) push(errs, path + ' must have at least one of: ' + spec.anyOf.join(', '));
  }
  if (spec.distinct) {
    for (i = 0; i < spec.distinct.length; i++) {
      a = spec.distinct[i][0];
      b = spec.distinct[i][1];
      if (has(v, a) && has(v, b) && v[a] === v[b]) push(errs, path + '.' + a + ' must differ from ' + path + '.' + b);
    }
  }
  if (spec.onlyWhen) {
    for (i = 0; i < spec.onlyWhen.length; i++) {
      a = spec.onlyWhen[i][0];
      b = spec.onlyWhen[i][1];
      if (has(v, a) && v[b] !== spec.onlyWhen[i][2]) {
        push(errs, path + '.' + a + ' is allowed only when ' + path + '.' + b + ' is "' + spec.onlyWhen[i][2] + '"');
      }
    }
  }
}

function userFromRoles(name, roles) {
  var role = null, team = null, region = null, i, r, x;
  for (i = 0; i < roles.length; i++) {
    r = roles[i];
    if (typeof r !== 'string') return null;
    if (R.roles.indexOf(r) !== -1) {
      if (role !== null && role !== r) return null;
      role = r;
    } else if (r.indexOf(R.teamPrefix) === 0) {
      x = r.slice(R.teamPrefix.length);
      if (team !== null && team !== x) return null;
      team = x;
    } else if (r.indexOf(R.regionPrefix) === 0) {
      x = r.slice(R.regionPrefix.length);
      if (region !== null && region !== x) return null;
      region = x;
    }
  }
  if (role === null) return null;
  return { name: name, role: role, team: team, region: region };
}

function can(role, action, ownership) {
  if (!hasOwn.call(R.permissions, role)) return false;
  if (!hasOwn.call(R.permissions[role], action)) return false;
  return R.permissions[role][action].indexOf(ownership) !== -1;
}

function ownershipOfEvent(user, ev) {
  if (ev.reportAuthor === user.name) return 'own';
  if (user.team !== null && ev.reportTeam === user.team) return 'team';
  if (user.region !== null && ev.reportRegion === user.region) return 'region';
  return 'other';
}

function canChangeStatus(role, from, to) {
  var i, t;
  for (i = 0; i < R.transitions.length; i++) {
    t = R.transitions[i];
    if (t.via === 'status-changed' && t.from === from && t.to === to && t.roles.indexOf(role) !== -1) return true;
  }
  return false;
}

function canonicalJson(v, skip) {
  var keys = [], k, i, out, s;
  if (isArr(v)) {
    out = [];
    for (i = 0; i < v.length; i++) out.push(canonicalJson(v[i], []));
    return '[' + out.join(',') + ']';
  }
  if (typeof v === 'object' && v !== null) {
    for (k in v) {
      if (hasOwn.call(v, k) && skip.indexOf(k) === -1 && v[k] !== undefined) keys.push(k);
    }
    keys.sort();
    out = [];
    for (i = 0; i < keys.length; i++) out.push(JSON.stringify(keys[i]) + ':' + canonicalJson(v[keys[i]], []));
    return '{' + out.join(',') + '}';
  }
  s = JSON.stringify(v);
  return s === undefined ? 'null' : s;
}

function authorizeReport(doc, user) {
  var errs = [];
  if (!can(user.role, 'report:create', 'own')) deny('forbidden', aRole(user.role) + ' may not file reports.');
  checkObject(R.reportSpec, doc, 'report', errs, true);
  if (errs.length > 0) deny('forbidden', 'Invalid report: ' + errs.join('; '));
  if (doc.author !== user.name) deny('forbidden', 'report.author must be the logged-in user.');
  if (user.role === 'officer' && user.team === null) {
    deny('forbidden', 'An officer must belong to a team to file reports.');
  }
  if (doc.team !== user.team) deny('forbidden', 'report.team must be your own team.');
  if (doc.region !== user.region) deny('forbidden', 'report.region must be your own region.');
}

function authorizeEvent(doc, user) {
  var errs = [], kind = doc.kind, action;
  if (typeof kind !== 'string' || !hasOwn.call(R.eventSpecs, kind)) {
    deny('forbidden', 'Invalid event: event.kind must be one of: ' + R.eventKinds.join(', '));
  }
  checkObject(R.eventSpecs[kind], doc, 'event', errs, true);
  if (errs.length > 0) deny('forbidden', 'Invalid event: ' + errs.join('; '));
  if (doc.actor !== user.name) deny('forbidden', 'event.actor must be the logged-in user.');
  if (doc.actorRole !== user.role) deny('forbidden', 'event.actorRole must be your role.');
  action = R.kindActions[kind];
  if (action === null) deny('forbidden', 'Only the server may write "' + kind + '" events.');
  if (!can(user.role, action, ownershipOfEvent(user, doc))) {
    deny('forbidden', aRole(user.role) + ' may not write "' + kind + '" events for this report.');
  }
  if (kind === 'status-changed' && !canChangeStatus(user.role, doc.from, doc.to)) {
    deny('forbidden', aRole(user.role) + ' may not change a report from ' + doc.from + ' to ' + doc.to + '.');
  }
}

function authorizeWrite(newDoc, oldDoc, userCtx) {
  var roles = userCtx && isArr(userCtx.roles) ? userCtx.roles : [], user;
  if (roles.indexOf('_admin') !== -1) return;
  if (!userCtx || typeof userCtx.name !== 'string') deny('unauthorized', 'You must be logged in to write documents.');
  if (!isObj(newDoc)) deny('forbidden', 'A document must be a JSON object.');
  if (typeof newDoc._id === 'string' && newDoc._id.indexOf('_design/') === 0) {
    deny('forbidden', 'Only server admins may change design documents.');
  }
  if (newDoc._deleted === true) deny('forbidden', 'Documents cannot be deleted.');
  user = userFromRoles(userCtx.name, roles);
  if (!user) deny('forbidden', 'Your account has no valid role.');
  if (isObj(oldDoc) && oldDoc._deleted !== true) {
    if (canonicalJson(newDoc, R.volatileKeys) === canonicalJson(oldDoc, R.volatileKeys)) return;
    deny('forbidden', 'Documents are immutable: record a change as a new event.');
  }
  if (newDoc.type === 'report') authorizeReport(newDoc, user);
  else if (newDoc.type === 'event') authorizeEvent(newDoc, user);
  else deny('forbidden', 'type must be "report" or "event".');
}
`;
