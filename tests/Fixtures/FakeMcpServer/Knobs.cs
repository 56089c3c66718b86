using System;
using System.Collections.Generic;
using System.Globalization;

namespace FakeMcpServer;

/// <summary>
/// What the fake upstream does, from its command line (`--name value` pairs; `--stderr` may repeat):
/// --transport stdio|http   stdio (default), or HTTP on 127.0.0.1 (port 0, printed as "listening URL") serving
///                          Streamable HTTP at /mcp and the legacy HTTP+SSE transport at /mcp/sse + /mcp/message
/// --name NAME              the server's name (echo reports it)
/// --tools default|drifted|linear|deepwiki|bulk  the tool set ("bulk": echo and 33 get_record_NN, for the gateway bench); "drifted" changes echo's description, adds an optional input to add
///                          and removes slow
/// --primitives off|on|drifted  resources (fake://readme, fake://status), a template (fake://records/{id}) and prompts
///                          (greet, summarize); "drifted" changes greet's description and drops fake://status
/// --echo plain|rich|input_required|bad_image  rich: echo's text also in every other place an answer can carry text
///                          (an embedded resource, a resource link, _meta), and likewise greet's and fake://records/{id}'s;
///                          input_required: echo answers resultType "input_required" (asks the client for input);
///                          bad_image: echo answers an image with a blank MIME type, which the SDK's reader refuses
/// --grandchild on         start `sleep 300` at start-up (a child of its own, as npx starts node); tool grandchild
///                          answers its pid. With --gateway-of, passed on to the children
/// --crash-after N          exit with code 3 on the N-th tools/call (after writing the --stderr lines)
/// --stderr TEXT            a line written to stderr before crashing
/// --bearer TOKEN | --basic USER:PASS | --header NAME:VALUE   required on every HTTP request (else 401)
/// --oauth CLIENT:SECRET    serve POST /token (client_credentials, and refresh_token with --refresh-token)
///                          and accept only the tokens it issued; --token-lifetime SECONDS (default 3600)
/// --gateway-of N         be a gateway instead: start N stdio children of this program through McpUpstream (each
///                          under this program as its ChildSupervisor),
///                          print "children PID ..." once each answered a call, then wait for stdin to close
/// --lifetime SECONDS       exit after this long whatever happens (default 300), so no test leaves it behind
/// </summary>
internal sealed class Knobs
{
    public string Transport { get; private set; } = "stdio";

    public string Name { get; private set; } = "fake";

    public string Tools { get; private set; } = "default";

    public string Primitives { get; private set; } = "off";

    public string Echo { get; private set; } = "plain";

    public bool RichEcho => Echo == "rich";

    public bool Grandchild { get; private set; }

    public int CrashAfter { get; private set; }

    public List<string> StderrLines { get; } = [];

    public string? Bearer { get; private set; }

    public string? Basic { get; private set; }

    public (string Name, string Value)? Header { get; private set; }

    public (string Id, string Secret)? OAuth { get; private set; }

    public string? RefreshToken { get; private set; }

    public int TokenLifetime { get; private set; } = 3600;

    public int Lifetime { get; private set; } = 300;

    public int GatewayOf { get; private set; }

    public static Knobs Parse(string[] args)
    {
        var knobs = new Knobs();
        if (args.Length % 2 != 0) throw new ArgumentException("options come in pairs (--name value); got " + args.Length + " arguments");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--transport": knobs.Transport = value; break;
                case "--name": knobs.Name = value; break;
                case "--tools": knobs.Tools = value; break;
                case "--primitives": knobs.Primitives = value; break;
                case "--echo": knobs.Echo = value; break;
                case "--grandchild": knobs.Grandchild = value == "on"; break;
                case "--crash-after": knobs.CrashAfter = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--stderr": knobs.StderrLines.Add(value); break;
                case "--bearer": knobs.Bearer = value; break;
                case "--basic": knobs.Basic = value; break;
                case "--header":
                    var colon = value.IndexOf(':', StringComparison.Ordinal);
                    knobs.Header = (value[..colon], value[(colon + 1)..]);
                    break;
                case "--oauth":
                    var split = value.IndexOf(':', StringComparison.Ordinal);
                    knobs.OAuth = (value[..split], value[(split + 1)..]);
                    break;
                case "--refresh-token": knobs.RefreshToken = value; break;
                case "--token-lifetime": knobs.TokenLifetime = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--gateway-of": knobs.GatewayOf = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--lifetime": knobs.Lifetime = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException("unknown option " + args[i]);
            }
        }
        return knobs;
    }
}
