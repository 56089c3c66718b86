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
        AuthKind.Cookie => Upstream + ".UpstreamAuth.Cookie(" + CSharp.Literal(auth.Name) + ", " + Expand(auth.First!, env) + ")",
        AuthKind.AnyOf => Upstream + ".UpstreamAuth.AnyOf(" + string.Join(", ", auth.Alternatives.Select(a => Alternative(a, env))) + ")",
        _ => Upstream + ".UpstreamAuth.None",
    };

    /// <summary>
    /// One alternative: its name, the variables its schemes read, whether all are set (decided once, when the
    /// client is built: the environment is read at start-up), and its schemes applied together.
    /// </summary>
    private static string Alternative(AuthAlternativeModel alternative, string env)
    {
        var variables = alternative.Schemes
            .SelectMany(s => new[] { s.First, s.Second, s.TokenUrl, s.Audience })
            .Where(t => t is not null)
            .SelectMany(t => t!.Parts.Where(p => p.Kind == TemplatePartKind.Env).Select(p => p.Value))
            .Distinct()
            .ToArray();
        var configured = variables.Length == 0 ? "true" : string.Join(" && ", variables.Select(v => env + "[" + CSharp.Literal(v) + "].Length > 0"));
        var auth = alternative.Schemes.Count switch
        {
            0 => Upstream + ".UpstreamAuth.None",
            1 => Expression(alternative.Schemes[0], env),
            _ => Upstream + ".UpstreamAuth.AllOf(" + string.Join(", ", alternative.Schemes.Select(s => Expression(s, env))) + ")",
        };
        return "new " + Upstream + ".AuthAlternative(" + CSharp.Literal(alternative.Name) + ", new string[] { " + string.Join(", ", variables.Select(CSharp.Literal)) + " }, " + configured + ", " + auth + ")";
    }

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
