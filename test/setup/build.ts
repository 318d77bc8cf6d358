import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// The CLI tests run the real `bin/controlocracy.js`, which loads the compiled `dist/`: build it once first.
export default function setup(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
}
