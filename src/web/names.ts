/** The built-in scenarios' names, from their files (the texts themselves are loaded by the worker only). */
export const BUILTIN_NAMES: string[] = Object.keys(import.meta.glob("../../scenarios/*.yaml"))
  .map((path) => path.replace(/^.*\/|\.yaml$/g, ""))
  .sort();
