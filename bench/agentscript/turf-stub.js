// Stands in for AgentScript's "/vendor/turfImports.js" (see hooks.js); only GeoWorld would call it.
export function bbox() {
  throw new Error("GeoWorld is not available in the benchmark: it needs AgentScript's vendored turf");
}
