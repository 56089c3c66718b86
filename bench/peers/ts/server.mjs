// Peer (c): the official TypeScript SDK on Node 22. Its low-level Server takes the spec's JSON Schemas as they are
// (tools.g.mjs, written by bench/make-peers.cs from the spec); each tool makes the same upstream call as NativeMcp.
//   node server.mjs                     stdio
//   node server.mjs --http --port N     stateless Streamable HTTP on 127.0.0.1 (a new server and transport a request,
//                                       as the SDK's stateless example does), JSON answers
import http from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { spec } from './tools.g.mjs';

const resolve = (template) => template.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name) => process.env[name] ?? spec.defaults[name] ?? '');
const baseUrl = resolve(spec.baseUrl).replace(/\/+$/, '');
const headers = Object.fromEntries(spec.headers.map(([name, value]) => [name, resolve(value)]));
const routes = new Map(spec.routes.map((route) => [route.name, route]));
const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

async function callTool(name, args = {}) {
  const route = routes.get(name);
  if (!route) return { isError: true, content: [{ type: 'text', text: `Unknown tool '${name}'.` }] };
  let path = route.path;
  for (const [key, value] of Object.entries(args)) path = path.replaceAll(`{${key}}`, encodeURIComponent(text(value)));
  const query = route.query.filter(([, input]) => args[input] !== undefined && args[input] !== null)
    .map(([wire, input]) => `${encodeURIComponent(wire)}=${encodeURIComponent(text(args[input]))}`);
  const init = { method: route.method, headers: { ...headers } };
  if (route.body) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(Object.fromEntries(route.body.filter(([, input]) => input in args).map(([wire, input]) => [wire, args[input]])));
  }
  const response = await fetch(baseUrl + path + (query.length ? '?' + query.join('&') : ''), init);
  const body = await response.text();
  return response.ok
    ? { content: [{ type: 'text', text: body }] }
    : { isError: true, content: [{ type: 'text', text: `Upstream answered HTTP ${response.status}: ${body}` }] };
}

function createServer() {
  const server = new Server({ name: spec.name, version: spec.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: spec.tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => callTool(request.params.name, request.params.arguments));
  return server;
}

const argv = process.argv.slice(2);
if (argv.includes('--http')) {
  const port = Number(argv[argv.indexOf('--port') + 1] ?? 3001);
  http.createServer(async (req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') { res.end('ok'); return; }
    if (req.url !== '/mcp' || req.method !== 'POST') { res.writeHead(405).end(); return; }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const server = createServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => { transport.close(); server.close(); });
    await server.connect(transport);
    await transport.handleRequest(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
  }).listen(port, '127.0.0.1');
} else {
  await createServer().connect(new StdioServerTransport());
}
