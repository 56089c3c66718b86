using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;
using YamlDotNet.RepresentationModel;

namespace NativeMcp.Generators.FrontEnds.OpenApi;

/// <summary>The credential a security requirement gives: <see cref="AuthModel.None"/> for <c>security: []</c>.</summary>
internal sealed record Security(AuthModel? Auth, string Text);

internal sealed partial class OpenApiImporter
{
    private readonly Dictionary<string, AuthModel?> _schemes = new(StringComparer.Ordinal);

    /// <summary>
    /// A <c>security</c> list: alternatives (OR), each a set of schemes sent together (AND), with its meaning kept:
    /// every requirement with a scheme is <see cref="AuthKind.AnyOf"/> (one scheme included, so that unset variables
    /// are an error naming them), and an empty list or a lone empty alternative (<c>{}</c>) is "no credentials".
    /// Null when there is no list.
    /// </summary>
    private Security? ReadSecurity(YamlNode? node, YamlNode owner)
    {
        if (node is not YamlSequenceNode list) return null;
        var text = string.Join(" | ", list.Children.Select(a => string.Join(" + ", OpenApiDocuments.Entries(a).Select(e => e.Key))));
        if (list.Children.Count == 0) return new Security(AuthModel.None, "");
        var alternatives = new List<AuthAlternativeModel>();
        foreach (var alternative in list.Children)
        {
            var schemes = new List<AuthModel>();
            var usable = true;
            foreach (var (name, keyNode, scopes) in OpenApiDocuments.Entries(alternative))
            {
                if (Scheme(name, keyNode, scopes) is { } auth) schemes.Add(auth);
                else usable = false;
            }
            if (usable) alternatives.Add(new AuthAlternativeModel(string.Join(" + ", OpenApiDocuments.Entries(alternative).Select(e => e.Key)), new EquatableArray<AuthModel>(schemes.ToArray())));
        }
        if (alternatives.Count == 0)
        {
            Doc.Report(SpecDiagnostics.ConstructIgnored, node, "security requirement '" + text + "'",
                "none of its alternatives uses only schemes that can be sent, so calls go without credentials");
            return new Security(AuthModel.None, text);
        }
        if (alternatives.Count == 1 && alternatives[0].Schemes.Count == 0) return new Security(AuthModel.None, text);
        // A single scheme is an AnyOf of one alternative too: its variables are declared but not required (other
        // operations may not need them), so a call made while they are unset must fail naming them rather than
        // send an empty key.
        return new Security(new AuthModel { Kind = AuthKind.AnyOf, Alternatives = new EquatableArray<AuthAlternativeModel>(alternatives.ToArray()) }, text);
    }

    /// <summary>A security scheme -> the auth that sends it, its secrets as declared env vars. Null when it cannot be sent.</summary>
    private AuthModel? Scheme(string name, YamlNode at, YamlNode scopesNode)
    {
        if (_schemes.TryGetValue(name, out var known)) return WithScopes(known, scopesNode);
        var definitions = _swagger2 ? OpenApiDocuments.Child(File.Root, "securityDefinitions") : OpenApiDocuments.Child(OpenApiDocuments.Child(File.Root, "components"), "securitySchemes");
        var definition = OpenApiDocuments.Child(definitions, name);
        AuthModel? auth = null;
        if (definition is null)
        {
            Doc.Report(SpecDiagnostics.UnresolvableRef, at, name, "no security scheme of that name is declared (" + (_swagger2 ? "securityDefinitions" : "components.securitySchemes") + ")");
        }
        else if (_documents.Deref(File, definition, name) is { } scheme)
        {
            auth = SchemeAuth(name, scheme.Node);
        }
        _schemes[name] = auth;
        return WithScopes(auth, scopesNode);
    }

    private static AuthModel? WithScopes(AuthModel? auth, YamlNode scopes) =>
        auth is { Kind: AuthKind.OAuth2 } && scopes is YamlSequenceNode { Children.Count: > 0 } list
            ? auth with { Scopes = new EquatableArray<string>(list.Children.Select(c => OpenApiDocuments.Scalar(c) ?? "").ToArray()) }
            : auth;

    private AuthModel? SchemeAuth(string name, YamlNode scheme)
    {
        string? Get(string key) => OpenApiDocuments.Scalar(OpenApiDocuments.Child(scheme, key));
        var type = Get("type");
        var label = "security scheme '" + name + "'";
        var description = "Credential for " + Title() + " (security scheme '" + name + "')";
        switch (type)
        {
            case "apiKey":
                var keyName = Get("name") ?? name;
                var value = Env(EnvName(name), secret: true, null, description);
                switch (Get("in"))
                {
                    case "header": return new AuthModel { Kind = AuthKind.Header, Name = keyName, First = value };
                    case "query": return new AuthModel { Kind = AuthKind.Query, Name = keyName, First = value };
                    case "cookie": return new AuthModel { Kind = AuthKind.Cookie, Name = keyName, First = value };
                }
                Doc.Report(SpecDiagnostics.ConstructIgnored, scheme, label, "an apiKey goes in a header, the query or a cookie");
                return null;
            case "basic":
                return Basic(name, description);
            case "http":
                switch (Get("scheme")?.ToLowerInvariant())
                {
                    case "bearer": return new AuthModel { Kind = AuthKind.Bearer, First = Env(EnvName(name + "_TOKEN"), secret: true, null, description) };
                    case "basic": return Basic(name, description);
                }
                Doc.Report(SpecDiagnostics.ConstructIgnored, scheme, label, "HTTP scheme '" + Get("scheme") + "' cannot be sent (bearer and basic can)");
                return null;
            case "oauth2":
                var flows = OpenApiDocuments.Child(scheme, "flows");
                var tokenUrl = _swagger2
                    ? (Get("flow") == "application" ? Get("tokenUrl") : null)
                    : OpenApiDocuments.Scalar(OpenApiDocuments.Child(OpenApiDocuments.Child(flows, "clientCredentials"), "tokenUrl"));
                if (tokenUrl is not null)
                {
                    return new AuthModel
                    {
                        Kind = AuthKind.OAuth2,
                        TokenUrl = Env(EnvName(name + "_TOKEN_URL"), secret: false, tokenUrl, "Token endpoint of " + label),
                        First = Env(EnvName(name + "_CLIENT_ID"), secret: true, null, "OAuth2 client id for " + Title()),
                        Second = Env(EnvName(name + "_CLIENT_SECRET"), secret: true, null, "OAuth2 client secret for " + Title()),
                    };
                }
                // Flows that need a person (authorization code, implicit, password): a token obtained elsewhere.
                return new AuthModel { Kind = AuthKind.Bearer, First = Env(EnvName(name + "_TOKEN"), secret: true, null, "OAuth2 access token for " + Title() + " (" + label + ")") };
            case "openIdConnect":
                return new AuthModel { Kind = AuthKind.Bearer, First = Env(EnvName(name + "_TOKEN"), secret: true, null, "OpenID Connect access token for " + Title() + " (" + label + ")") };
            default:
                Doc.Report(SpecDiagnostics.ConstructIgnored, scheme, label, "type '" + type + "' is not a security scheme type this generator knows (apiKey, http, basic, oauth2, openIdConnect)");
                return null;
        }
    }

    private AuthModel Basic(string name, string description) => new()
    {
        Kind = AuthKind.Basic,
        First = Env(EnvName(name + "_USERNAME"), secret: false, null, description + ": user name"),
        Second = Env(EnvName(name + "_PASSWORD"), secret: true, null, description + ": password"),
    };
}
