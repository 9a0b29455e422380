/** Registers the photo pipeline and vault functions on the lab object (filled in by the photo work). */
export function registerPhotoLab(_lab: Record<string, unknown>): void {}
