/** Flags that keep headless Chromium from stalling on a closed network (without --headless: launchers add their own). */
export const CHROMIUM_ARGS: string[];
/** The path of a Chromium binary; on Debian as root, installs the distribution's package when none is found. */
export function findChromium(options?: { install?: boolean }): string;
