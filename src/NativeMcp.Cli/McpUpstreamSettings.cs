using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Runtime.Upstream;

namespace NativeMcp.Cli;

/// <summary>
/// A spec's MCP upstream as runtime options, with its <c>${ENV}</c> values read now: what the generated server
/// builds at start-up (GatewayEmitter), built here so that <c>nativemcp sync</c> connects exactly as the server will.
/// </summary>
internal static class McpUpstreamSettings
{
    /// <summary>The environment variables the upstream's settings refer to.</summary>
    public static IEnumerable<string> Variables(McpUpstreamModel u)
    {
        var templates = new List<Template?> { u.Url, u.Command, u.WorkingDirectory, u.Auth.First, u.Auth.Second, u.Auth.TokenUrl, u.Auth.Audience, u.Auth.RefreshToken };
        templates.AddRange(u.Arguments);
        templates.AddRange(u.Environment.Select(e => e.Value));
        templates.AddRange(u.Headers.Select(h => h.Value));
        return templates.Where(t => t is not null).SelectMany(t => t!.Parts).Where(p => p.Kind == TemplatePartKind.Env).Select(p => p.Value).Distinct(StringComparer.Ordinal);
    }

    public static Runtime.Gateway.McpUpstreamOptions Build(McpUpstreamModel u, EnvironmentValues env) => new()
    {
        Name = u.Name,
        Transport = u.Transport switch
        {
            McpTransportKind.Stdio => Runtime.Gateway.McpTransportKind.Stdio,
            McpTransportKind.StreamableHttp => Runtime.Gateway.McpTransportKind.StreamableHttp,
            McpTransportKind.Sse => Runtime.Gateway.McpTransportKind.Sse,
            _ => Runtime.Gateway.McpTransportKind.AutoDetect,
        },
        Command = u.Command is { } command ? Expand(command, env) : null,
        Arguments = u.Arguments.Select(a => Expand(a, env)).ToArray(),
        Environment = u.Environment.ToDictionary(e => e.Name, e => Expand(e.Value, env), StringComparer.Ordinal),
        WorkingDirectory = u.WorkingDirectory is { } cwd ? Expand(cwd, env) : null,
        Endpoint = u.Url is { } url ? new Uri(Expand(url, env)) : null,
        Headers = u.Headers.ToDictionary(h => h.Name, h => Expand(h.Value, env), StringComparer.Ordinal),
        Auth = Auth(u.Auth, env),
        CallTimeout = TimeSpan.FromMilliseconds(u.TimeoutMilliseconds),
        ConnectTimeout = u.ConnectTimeoutMilliseconds is { } connect ? TimeSpan.FromMilliseconds(connect) : TimeSpan.FromSeconds(30),
        // sync reads once and disconnects: nothing to reap.
        IdleTimeout = null,
        Secrets = env.Secrets,
    };

    private static UpstreamAuth Auth(AuthModel auth, EnvironmentValues env)
    {
        OAuth2Options OAuth() => new()
        {
            TokenUrl = Expand(auth.TokenUrl!, env),
            ClientId = Expand(auth.First!, env),
            ClientSecret = auth.Second is { } secret ? Expand(secret, env) : "",
            Scopes = auth.Scopes.ToArray(),
            Audience = auth.Audience is { } audience ? Expand(audience, env) : null,
        };
        return auth.Kind switch
        {
            AuthKind.Bearer => UpstreamAuth.Bearer(Expand(auth.First!, env)),
            AuthKind.Header => UpstreamAuth.Header(auth.Name!, Expand(auth.First!, env)),
            AuthKind.Query => UpstreamAuth.Query(auth.Name!, Expand(auth.First!, env)),
            AuthKind.Basic => UpstreamAuth.Basic(Expand(auth.First!, env), Expand(auth.Second!, env)),
            AuthKind.OAuth2 when auth.RefreshToken is { } refresh => UpstreamAuth.OAuth2RefreshToken(OAuth(), Expand(refresh, env)),
            AuthKind.OAuth2 => UpstreamAuth.OAuth2ClientCredentials(OAuth()),
            _ => UpstreamAuth.None,
        };
    }

    private static string Expand(Template template, EnvironmentValues env) =>
        string.Concat(template.Parts.Select(p => p.Kind == TemplatePartKind.Env ? env[p.Value] : p.Value));
}
