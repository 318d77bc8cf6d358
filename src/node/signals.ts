/**
 * What SIGINT and SIGTERM do. By default (main.ts) the process removes what it was writing and exits; a command that
 * stops in its own way (a queue's worker finishes its runs first) takes the signals over.
 */
let handler: ((signal: NodeJS.Signals) => void) | undefined;

export function onStopSignal(stop: (signal: NodeJS.Signals) => void): void {
  handler = stop;
}

/** The handler a command set, if any. */
export function stopSignalHandler(): ((signal: NodeJS.Signals) => void) | undefined {
  return handler;
}
