// Every generated TypeScript package's README example type-checks against
// the package (tsc --strict), so the README never shows code that does not
// compile.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const beds = JSON.parse(readFileSync(`${root}/tests/beds.json`, "utf8"));
const tsc = `${root}/tests/node/node_modules/.bin/tsc`;

for (const { name, out } of beds) {
  test(`the README example of ${out}/typescript type-checks`, () => {
    const pkg = JSON.parse(
      readFileSync(`${root}/${out}/typescript/package.json`, "utf8"),
    );
    const readme = readFileSync(`${root}/${out}/typescript/README.md`, "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (m) => m[1],
    );
    assert.ok(blocks.length > 0, "the README has a TypeScript example");
    const dir = `${root}/target/readme-check/${name}`;
    mkdirSync(dir, { recursive: true });
    const files = blocks.map((code, i) => {
      writeFileSync(`${dir}/example${i}.ts`, code);
      return `example${i}.ts`;
    });
    const config = {
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"],
        types: [],
        strict: true,
        noEmit: true,
        resolveJsonModule: true,
        paths: { [pkg.name]: [`${root}/${out}/typescript/src/index.ts`] },
      },
      files,
    };
    writeFileSync(`${dir}/tsconfig.json`, JSON.stringify(config, null, 2));
    execFileSync(tsc, ["-p", `${dir}/tsconfig.json`], { stdio: "inherit" });
  });
}
