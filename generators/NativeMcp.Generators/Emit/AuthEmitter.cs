using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Model;
using NativeMcp.Runtime.Vocabulary;

namespace NativeMcp.Generators.Emit;

/// <summary>C# expressions for auth and <c>${ENV}</c> templates, shared by the server and client emitters.</summary>
internal static class AuthEmitter
{
    private const string Upstream = "global::NativeMcp.Runtime.Upstream";

    /// <param name="env">The expression that holds the <c>EnvironmentValues</c> where this code runs.</param>
    public static string Expression(AuthModel auth, string env) => auth.Kind switch
    {
        AuthKind.Bearer => Upstream + ".UpstreamAuth.Bearer(" + Expand(auth.First!, env) + Forward(auth) + ")",
        AuthKind.Header => Upstream + ".UpstreamAuth.Header(" + CSharp.Literal(auth.Name) + ", " + Expand(auth.First!, env) + Forward(auth) + ")",
        AuthKind.Query => Upstream + ".UpstreamAuth.Query(" + CSharp.Literal(auth.Name) + ", " + Expand(auth.First!, env) + Forward(auth) + ")",
        AuthKind.Basic => Upstream + ".UpstreamAuth.Basic(" + Expand(auth.First!, env) + ", " + Expand(auth.Second!, env) + ")",
        AuthKind.OAuth2 when auth.RefreshToken is { } refresh => Upstream + ".UpstreamAuth.OAuth2RefreshToken(new " + Upstream + ".OAuth2Options { TokenUrl = " + Expand(auth.TokenUrl!, env) +
            ", ClientId = " + Expand(auth.First!, env) + ", ClientSecret = " + (auth.Second is { } secret ? Expand(secret, env) : "\"\"") +
            (auth.Scopes.IsEmpty ? "" : ", Scopes = new[] { " + string.Join(", ", auth.Scopes.Select(CSharp.Literal)) + " }") +
            (auth.Audience is { } refreshAudience ? ", Audience = " + Expand(refreshAudience, env) : "") + " }, " + Expand(refresh, env) + ")",
        AuthKind.OAuth2 => Upstream + ".UpstreamAuth.OAuth2ClientCredentials(new " + Upstream + ".OAuth2Options { TokenUrl = " + Expand(auth.TokenUrl!, env) +
            ", ClientId = " + Expand(auth.First!, env) + ", ClientSecret = " + Expand(auth.Second!, env) +
            (auth.Scopes.IsEmpty ? "" : ", Scopes = new[] { " + string.Join(", ", auth.Scopes.Select(CSharp.Literal)) + " }") +
            (auth.Audience is { } audience ? ", Audience = " + Expand(audience, env) : "") + " })",
        _ => Upstream + ".UpstreamAuth.None",
    };

    private static string Forward(AuthModel auth) => auth.Forward ? ", forwardCaller: true" : "";

    /// <summary>A <c>${ENV}</c> template as a concatenation, split at compile time.</summary>
    public static string Expand(Template template, string env)
    {
        if (template.Parts.IsEmpty) return "\"\"";
        return string.Join(" + ", template.Parts.Select(p => p.Kind == TemplatePartKind.Env
            ? env + "[" + CSharp.Literal(p.Value) + "]"
            : CSharp.Literal(p.Value)));
    }
}
