/** A typed-array type that can be built over a length or over a buffer. */
export interface ColumnType<T> {
  new (length: number): T;
  new (buffer: SharedArrayBuffer): T;
  readonly BYTES_PER_ELEMENT: number;
}

/**
 * A column of `length` elements, zeroed: over a `SharedArrayBuffer` when `shared` (so other threads can read it
 * without a copy), else an ordinary typed array.
 */
export function column<T>(Type: ColumnType<T>, length: number, shared: boolean): T {
  return shared ? new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT)) : new Type(length);
}
