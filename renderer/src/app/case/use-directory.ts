import { useEffect, useState } from 'react';
import type { DirectoryResponse } from '../../../../domain/api';
import { useSession } from '../../api/use-session';
import { useDataKey } from '../../data/keys/data-key-context';
import { readSealedText, writeSealedText } from '../../data/sealed-preferences';
import { preferenceStore } from '../../platform';

/** Who a follow-up in `region` can be assigned to, as the server last said; null until it has said so. */
export interface Assignees {
  teams: string[];
  officers: string[];
}

const key = (server: string, user: string) => `tertib.directory:${server}\n${user}`;

function parse(text: string | null): DirectoryResponse | null {
  if (text === null) return null;
  try {
    const body = JSON.parse(text) as Partial<DirectoryResponse>;
    return Array.isArray(body.officers) && Array.isArray(body.teams) ? (body as DirectoryResponse) : null;
  } catch {
    return null;
  }
}

export function assigneesIn(directory: DirectoryResponse, region: string | null): Assignees {
  return {
    teams: directory.teams.filter((t) => t.region === region).map((t) => t.team),
    officers: directory.officers.filter((o) => o.region === region).map((o) => o.name),
  };
}

/**
 * The server's directory of active officers and teams (fresh when online, this device's last copy when
 * not), narrowed to the report's region: the assign form offers these and refuses other names, as the
 * gateway does. Null when the device has never had it (first use offline): the form then takes free text
 * and the server judges it. The device's copy is sealed with the user's data key (issue 13): names of officers.
 */
export function useAssignees(user: string, region: string | null, enabled: boolean): Assignees | null {
  const { client } = useSession();
  const server = client?.server ?? '';
  const dataKey = useDataKey();
  const [directory, setDirectory] = useState<DirectoryResponse | null>(null);
  useEffect(() => {
    let active = true;
    void readSealedText(preferenceStore(), key(server, user), dataKey).then((text) => {
      const kept = parse(text);
      // The server's answer may have come first: a kept copy never replaces it.
      if (active && kept) setDirectory((current) => current ?? kept);
    });
    return () => {
      active = false;
    };
  }, [server, user, dataKey]);
  useEffect(() => {
    if (client === null || !enabled) return undefined;
    let active = true;
    client.directory().then(
      (fresh) => {
        if (!active) return;
        setDirectory(fresh);
        void writeSealedText(preferenceStore(), key(client.server, user), dataKey, JSON.stringify(fresh));
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [client, user, enabled, dataKey]);
  return directory === null ? null : assigneesIn(directory, region);
}
