#!/usr/bin/env node
// `npx <server>` runs this: it starts the native MCP server from the platform package npm installed beside it
// (an optionalDependency whose os/cpu fields match this machine, as esbuild and Biome ship their binaries) and
// hands it this process's stdin, stdout and stderr untouched. Nothing else: every millisecond here is start-up.
"use strict";
const { spawn } = require("child_process");
const { name } = require("../package.json");
const platform = `${process.platform}-${process.arch}`;
let binary;
try {
  binary = require.resolve(`${name}-${platform}/bin/${name}${process.platform === "win32" ? ".exe" : ""}`);
} catch {
  console.error(`${name}: no native binary for ${platform} (the package ${name}-${platform} is not installed; optional dependencies must not be omitted)`);
  process.exit(1);
}
const child = spawn(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
// A client that stops the launcher stops the server; the server's exit code is the launcher's.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
child.on("error", (error) => {
  console.error(`${name}: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(signal ? 128 + (require("os").constants.signals[signal] || 0) : code));
