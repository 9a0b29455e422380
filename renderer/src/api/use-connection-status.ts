import { useEffect, useState } from 'react';
import type { ApiClient } from './api-client';
import { ConnectionMonitor, type ConnectionStatus, type Timer } from './connection-monitor';

export type { ConnectionStatus } from './connection-monitor';

/** Network and server reachability for the header indicator (see ConnectionMonitor). */
export function useConnectionStatus(client: ApiClient | null, timer?: Timer): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>(() => (navigator.onLine ? 'online' : 'offline'));

  useEffect(() => {
    if (client === null) return undefined;
    const monitor = new ConnectionMonitor({
      online: navigator.onLine,
      probe: () =>
        client.health().then(
          () => true,
          () => false,
        ),
      onChange: setStatus,
      ...(timer ? { timer } : {}),
    });
    const goOnline = () => monitor.setOnline(true);
    const goOffline = () => monitor.setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    monitor.start();
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      monitor.stop();
    };
  }, [client, timer]);

  return status;
}
