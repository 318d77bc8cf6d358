/**
 * A run that outgrew what its cost estimate allowed, stopped before it could: bad input, not a bug (the CLI exits
 * with code 2). Its `name` survives the trip from a worker thread, where its class does not.
 */
export class CostError extends Error {
  override readonly name = "CostError";
}
