import { UsageError } from "./errors.js";

/** What the system's error codes mean, in the user's words. */
const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or directory",
  ENOTDIR: "a part of the path is a file, not a directory",
  EISDIR: "it is a directory",
  EEXIST: "it exists already",
  ENOTEMPTY: "the directory is not empty",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "the file system is read-only",
  EMFILE: "too many open files",
  ENFILE: "too many open files in the system",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EBUSY: "the resource is busy",
  EXDEV: "the paths are on different devices",
  EIO: "an input/output error",
  EFBIG: "the file is too large",
};

/** The error codes that describe the user's situation (a path, a permission, a full disk), not a bug. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && code in REASONS;
}

/**
 * Turns a file-system failure into the user's error (exit 2): what could not be done, the path and the system's
 * reason. Anything else is returned unchanged.
 */
export function fileSystemError(error: unknown, action: string, path: string): unknown {
  if (error instanceof UsageError || !isFileSystemError(error)) return error;
  const code = error.code as string;
  return new UsageError(`${action} ${path}: ${REASONS[code]} (${code})`);
}

/** The message of a file-system failure caught without its context, with the path the system gives. */
export function describeFileSystemError(error: NodeJS.ErrnoException): string {
  const code = error.code as string;
  const path = error.path;
  return `${path ? `${path}: ` : ""}${REASONS[code]} (${code})`;
}
