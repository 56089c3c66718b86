// A stdio MCP server for the registry's native test: the published registry allows only the commands its spec lists
// (npx, node, python, uvx), so the server it runs there is this file under `node`. One tool, `echo`, which answers
// with its text, this process's pid and whether the registered env value arrived. No dependencies.
import { createInterface } from "node:readline";

const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");
const tools = [{
  name: "echo",
  description: "Answers with its text",
  inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
}];

createInterface({ input: process.stdin }).on("line", (line) => {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
    return;
  }
  if (request.id === undefined) return; // a notification
  const reply = (result) => send({ jsonrpc: "2.0", id: request.id, result });
  switch (request.method) {
    case "initialize":
      reply({ protocolVersion: "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: "node-echo", version: "1.0.0" } });
      break;
    case "ping":
      reply({});
      break;
    case "tools/list":
      reply({ tools });
      break;
    case "tools/call": {
      const text = String(request.params?.arguments?.text ?? "");
      const token = process.env.ECHO_TOKEN ?? "";
      reply({ content: [{ type: "text", text: `echo: ${text} (pid ${process.pid}, token ${token.length > 0 ? "set" : "missing"})` }] });
      break;
    }
    default:
      send({ jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "Method not found: " + request.method } });
  }
});
