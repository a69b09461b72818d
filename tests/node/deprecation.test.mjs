// Building a deprecated version is flagged where it is written: the
// TypeScript language service (what an editor shows, and what
// `@typescript-eslint/no-deprecated` reads) reports the call, and only it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const index = fileURLToPath(
  new URL("../../generated/typescript/src/index.ts", import.meta.url),
);
const caller = fileURLToPath(
  new URL("./deprecation-caller.ts", import.meta.url),
);
const source = `
import { buildEvent, type EnvelopeFields } from ${JSON.stringify(index.replace(/\.ts$/, ".js"))};
declare const fields: EnvelopeFields;
declare const v1: import(${JSON.stringify(index.replace(/\.ts$/, ".js"))}).CreditReleasedV1;
declare const v2: import(${JSON.stringify(index.replace(/\.ts$/, ".js"))}).CreditReleasedV2;
export const old = buildEvent("credit.released", 1, fields, v1);
export const current = buildEvent("credit.released", 2, fields, v2);
`;

function suggestions() {
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
  };
  const host = {
    getScriptFileNames: () => [caller],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = name === caller ? source : ts.sys.readFile(name);
      return text === undefined
        ? undefined
        : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => process.cwd(),
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === caller || ts.sys.fileExists(name),
    readFile: (name) => (name === caller ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const errors = service.getSemanticDiagnostics(caller);
  assert.deepEqual(
    errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    [],
  );
  return service.getSuggestionDiagnostics(caller).map((d) => ({
    line: source.slice(0, d.start).split("\n").length - 1,
    deprecated: d.reportsDeprecated === true,
    text: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
  }));
}

test("buildEvent of a deprecated version is reported as deprecated at the call", () => {
  // (Naming the deprecated payload type is reported too, on its own line.)
  const found = suggestions().filter(
    (s) => s.deprecated && s.text.includes("buildEvent"),
  );
  const lines = source.split("\n");
  assert.equal(found.length, 1, JSON.stringify(found, null, 1));
  assert.match(lines[found[0].line], /const old = /);
  assert.match(found[0].text, /deprecated/);
});
