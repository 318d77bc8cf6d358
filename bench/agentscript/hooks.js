// A module resolution hook (node:module `register`) for AgentScript's sources, which some of its files import
// by absolute paths that its development web server serves from the package root ("/src/utils.js",
// "/vendor/turfImports.js") and that Node would look for at the root of the file system. src/Model.js reaches two
// such files through GeoWorld: "/src/…" is resolved inside the agentscript package, and "/vendor/turfImports.js"
// (a bundle AgentScript's build makes, not shipped in the package) is pointed at a stub, since the reduced model
// uses a plain World, never a GeoWorld.
const VENDOR_TURF = "/vendor/turfImports.js";

export async function resolve(specifier, context, nextResolve) {
  if (specifier === VENDOR_TURF) {
    return { url: new URL("./turf-stub.js", import.meta.url).href, shortCircuit: true };
  }
  if (specifier.startsWith("/src/")) return nextResolve(`agentscript${specifier}`, context);
  return nextResolve(specifier, context);
}
