/** Registers the local database functions on the lab object (filled in by the local-data work). */
export function registerLocalDataLab(_lab: Record<string, unknown>): void {}
