// The server refuses a document with a reason: a sentence in English from the shared write rules
// (domain/write-rules.ts, the gateway's checks). The officer reads what it means in their language; the
// server's own sentence is kept only as a labelled detail when no translation fits it.

export type RefusalKey =
  | 'refusal.category'
  | 'refusal.team'
  | 'refusal.region'
  | 'refusal.noTeam'
  | 'refusal.role'
  | 'refusal.deployment'
  | 'refusal.author'
  | 'refusal.immutable'
  | 'refusal.invalid'
  | 'refusal.photo'
  | 'refusal.assignee'
  | 'refusal.reportCopy'
  | 'refusal.unsigned'
  | 'refusal.unknownDevice'
  | 'refusal.revokedDevice'
  | 'refusal.deviceOfOther'
  | 'refusal.badSignature'
  | 'refusal.chain'
  | 'refusal.other';

export interface RefusalMessage {
  key: RefusalKey;
  params: Record<string, string | number>;
  /** The server's sentence, shown as a detail only when no translation fits it. */
  detail: string | null;
}

const RULES: Array<[RegExp, RefusalKey]> = [
  // Signatures first: a revocation's reason is free text and must not be read as another rule's sentence.
  [/^Unsigned (report|event|photo):/, 'refusal.unsigned'],
  [/^Signature refused: unknown device/, 'refusal.unknownDevice'],
  [/^Signature refused: device "[^"]*" was revoked \((?<reason>.*)\)\.$/s, 'refusal.revokedDevice'],
  [/^Signature refused: device "[^"]*" is registered to another account/, 'refusal.deviceOfOther'],
  [/^Signature refused: the signature does not match/, 'refusal.badSignature'],
  [/^Signature refused: (the event names another version|a signed event must name)/, 'refusal.chain'],
  [/^Unknown or retired category "(?<category>[^"]*)"/, 'refusal.category'],
  [/must be your own team/, 'refusal.team'],
  [/must be your own region/, 'refusal.region'],
  [/must belong to a team/, 'refusal.noTeam'],
  [/no valid role|must be your role/, 'refusal.role'],
  [/another Tertib deployment/, 'refusal.deployment'],
  [/must be the logged-in user/, 'refusal.author'],
  [/immutable|cannot be deleted/, 'refusal.immutable'],
  [/^Invalid (report|event):/, 'refusal.invalid'],
  [/photo|JPEG|attachment/i, 'refusal.photo'],
  [/^No active officer (named "(?<officer>[^"]*)"|of team "(?<team>[^"]*)")/, 'refusal.assignee'],
  [/copy of its report/, 'refusal.reportCopy'],
];

export function refusalMessage(reason: string | null | undefined): RefusalMessage {
  const text = (reason ?? '').trim();
  for (const [pattern, key] of RULES) {
    const m = pattern.exec(text);
    if (!m) continue;
    const groups = Object.fromEntries(
      Object.entries(m.groups ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return { key, params: { name: groups.officer ?? groups.team ?? '', ...groups }, detail: null };
  }
  return { key: 'refusal.other', params: {}, detail: text || null };
}
