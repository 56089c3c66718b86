using System;
using System.Collections.Generic;
using System.Linq;
using NativeMcp.Generators.Common;
using NativeMcp.Generators.Declarations;
using NativeMcp.Generators.Diagnostics;
using NativeMcp.Generators.Model;

namespace NativeMcp.Generators.Resolution;

/// <summary>
/// Declarations -> the resolved model: the checks that link one part of a server to another (ReferenceChecks),
/// the defaults that need the whole server (a tool's upstream), every C# name the emitters use, each tool's
/// schemas and tools/list JSON, and the checks that span files (handlers, assets, server names). Emitters
/// compute none of these.
/// </summary>
internal static class SpecResolver
{
    private const string GeneratedNamespace = "NativeMcp.Generated.";

    /// <param name="lockFile">The spec's lock (<c>&lt;spec&gt;.lock.json</c>), when there is one: its MCP upstreams' tools.</param>
    public static ResolvedSpec Resolve(SpecDeclaration declaration, LockDeclaration? lockFile = null)
    {
        // The lock's own problems are reported in the lock, whatever the spec's state.
        var diagnostics = declaration.Diagnostics.Concat(declaration.McpExposures.IsEmpty ? Enumerable.Empty<DiagnosticInfo>() : lockFile?.Diagnostics ?? Enumerable.Empty<DiagnosticInfo>()).ToList();
        if (declaration.Content is not { } content)
        {
            return new ResolvedSpec { Diagnostics = EquatableArray.From(diagnostics) };
        }
        diagnostics.AddRange(ReferenceChecks.Check(declaration, content));
        var (forwarded, mcpUpstreams, exposureProblems) = McpExposure.Resolve(declaration, content, lockFile);
        var (forwardedResources, forwardedPrompts, primitiveProblems) = McpExposure.ResolvePrimitives(declaration, content, lockFile);
        exposureProblems.AddRange(primitiveProblems);
        diagnostics.AddRange(exposureProblems);
        if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error))
        {
            // A spec with errors produces no model, so nothing is emitted from it.
            return new ResolvedSpec { Diagnostics = EquatableArray.From(diagnostics) };
        }

        var stem = Naming.Pascal(content.Server.Name);
        var names = new SpecNames
        {
            Namespace = GeneratedNamespace + stem,
            HintPrefix = stem,
            ServerClass = stem + "Server",
            ClientClass = stem + "ApiClient",
            HandlersClass = stem + "Handlers",
            ResourcesClass = stem + "Resources",
            PromptsClass = stem + "Prompts",
            OperationsClass = stem + "Operations",
        };
        var model = content with
        {
            Names = names,
            Upstreams = Map(content.Upstreams, u => u with { Identifier = Naming.Pascal(u.Name) }),
            Databases = Map(content.Databases, d => d with { Identifier = Naming.Pascal(d.Name) }),
            McpUpstreams = EquatableArray.From(mcpUpstreams),
            Tools = EquatableArray.From(content.Tools.Select(t => ResolveTool(t with { Upstream = UpstreamOf(content, t.Kind == ToolKind.Http, t.Upstream) })).Concat(forwarded)),
            Resources = Map(content.Resources, r => ResolveResource(r with { Upstream = UpstreamOf(content, r.Source == ResourceSource.Http, r.Upstream) })),
            Prompts = Map(content.Prompts, ResolvePrompt),
            ForwardedResources = EquatableArray.From(forwardedResources),
            ForwardedPrompts = EquatableArray.From(forwardedPrompts),
        };
        model = model with { Env = UrlVariables.Mark(model) };
        model = model with { HasCompletions = InitializeJson.HasCompletions(model) };
        model = model with { InitializeJson = InitializeJson.Write(model) };
        model = model with { Dynamic = OperationIndex.Build(model.Tools) };

        var directory = System.IO.Path.GetDirectoryName(declaration.SourcePath) ?? "";
        return new ResolvedSpec
        {
            Model = model,
            Diagnostics = EquatableArray.From(diagnostics),
            ServerName = model.Server.Name,
            ServerNameLocation = declaration.ServerNameLocation,
            Handlers = EquatableArray.From(declaration.Handlers.Select(h => HandlerCheckFor(model, h)).Where(h => h is not null).Select(h => h!)),
            Assets = EquatableArray.From(declaration.Assets.Select(a => new AssetCheck(
                Normalize(System.IO.Path.Combine(directory, a.Path)), a.Path, Normalize(System.IO.Path.Combine(directory, "assets")), a.Location))),
        };
    }

    /// <summary>The upstream an http tool or resource calls: the one it names, else the spec's only one.</summary>
    private static string UpstreamOf(SpecModel content, bool calls, string named) =>
        !calls ? "" : named.Length > 0 ? named : content.Upstreams.Count == 1 ? content.Upstreams[0].Name : "";

    private static ToolModel ResolveTool(ToolModel tool)
    {
        var stem = Naming.Pascal(tool.Name);
        var resolved = tool with
        {
            Identifier = stem,
            ClassName = stem + "Tool",
            InputsClass = stem + "ToolInputs",
            ArgumentsStruct = stem + "ToolArguments",
            ClientMethod = stem + "Async",
            HandlerMethod = stem + "Async",
            Inputs = Map(tool.Inputs, ResolveInput),
            Output = Map(tool.Output, o => o with { Member = Naming.Pascal(o.Name) }),
            // A raw schema is published exactly as written; the shorthand's is built from its inputs.
            InputSchemaOrigin = tool.InputSchema is null ? SchemaOrigin.Shorthand : SchemaOrigin.Raw,
            InputSchemaJson = tool.InputSchema?.Json ?? SchemaJson.InputSchema(tool.Inputs),
            OutputSchemaOrigin = tool.OutputSchema is null ? SchemaOrigin.Shorthand : SchemaOrigin.Raw,
            OutputSchemaJson = tool.OutputSchema?.Json ?? (tool.Sql is { Columns.IsEmpty: false } sql ? SchemaJson.SqlOutputSchema(sql.Columns)
                : tool.Output.IsEmpty ? null : SchemaJson.OutputSchema(tool.Output)),
        };
        return resolved with { ListJson = ToolJson.Write(resolved) };
    }

    private static InputModel ResolveInput(InputModel input)
    {
        var named = input with
        {
            Member = Naming.Pascal(input.Name),
            Parameter = Naming.Parameter(input.Name),
            Local = Naming.Local(input.Name),
        };
        return named with { ClrType = Naming.ClrType(named) };
    }

    private static ResourceModel ResolveResource(ResourceModel resource)
    {
        var stem = Naming.Pascal(resource.Name);
        return resource with
        {
            ListJson = PrimitiveJson.Resource(resource),
            Identifier = stem,
            ReaderMethod = "Read" + stem + "Async",
            ClientMethod = "Read" + stem + "Async",
            HandlerMethod = stem + "ResourceAsync",
            VariableParameters = Map(resource.Variables, Naming.Parameter),
        };
    }

    private static PromptModel ResolvePrompt(PromptModel prompt)
    {
        var stem = Naming.Pascal(prompt.Name);
        return prompt with
        {
            ListJson = PrimitiveJson.Prompt(prompt),
            Identifier = stem,
            BuilderMethod = "Build" + stem + "Async",
            HandlerMethod = stem + "PromptAsync",
            Arguments = Map(prompt.Arguments, a => a with { Parameter = Naming.Parameter(a.Name) }),
        };
    }

    /// <summary>The method a <c>handler: csharp</c> needs, written as the NMCP018 message shows it.</summary>
    private static HandlerCheck? HandlerCheckFor(SpecModel spec, HandlerDeclaration handler)
    {
        string? method = null, signature = null;
        switch (handler.Kind)
        {
            case HandlerKind.Tool when spec.Tools.FirstOrDefault(t => t.Name == handler.Name) is { } tool:
                method = tool.HandlerMethod;
                signature = "public static partial ValueTask<CallToolResult> " + method + "(RequestContext<CallToolRequestParams> request"
                    + string.Concat(tool.Inputs.Select(i => ", " + i.ClrType.Replace("global::System.Text.Json.", "") + " " + i.Parameter))
                    + ", CancellationToken cancellationToken) { ... }";
                break;
            case HandlerKind.Resource when spec.Resources.FirstOrDefault(r => r.Name == handler.Name) is { } resource:
                method = resource.HandlerMethod;
                signature = "public static partial ValueTask<ReadResourceResult> " + method + "(RequestContext<ReadResourceRequestParams> request, string uri"
                    + string.Concat(resource.VariableParameters.Select(p => ", string " + p))
                    + ", CancellationToken cancellationToken) { ... }";
                break;
            case HandlerKind.Prompt when spec.Prompts.FirstOrDefault(p => p.Name == handler.Name) is { } prompt:
                method = prompt.HandlerMethod;
                signature = "public static partial ValueTask<GetPromptResult> " + method + "(RequestContext<GetPromptRequestParams> request"
                    + string.Concat(prompt.Arguments.Select(a => ", string" + (a.Required ? " " : "? ") + a.Parameter))
                    + ", CancellationToken cancellationToken) { ... }";
                break;
        }
        return method is null ? null : new HandlerCheck(
            spec.Names.HandlersClass + "." + method, handler.Kind, handler.Name, spec.Names.Namespace + "." + spec.Names.HandlersClass, signature!, handler.Location);
    }

    /// <summary>NMCP018 for each declared handler the project does not implement ("Class.Method" names).</summary>
    public static IEnumerable<DiagnosticInfo> MissingHandlers(ResolvedSpec spec, ICollection<string> implemented) =>
        spec.Handlers.Where(h => !implemented.Contains(h.Key)).Select(h => DiagnosticInfo.Create(
            SpecDiagnostics.MissingHandler, h.Location, h.Kind.ToString().ToLowerInvariant(), h.Name, h.QualifiedClass, h.Signature));

    /// <summary>NMCP019 for each embedded file that is not among <paramref name="files"/> (normalized full paths).</summary>
    public static IEnumerable<DiagnosticInfo> MissingAssets(ResolvedSpec spec, ICollection<string> files) =>
        spec.Assets.Where(a => !files.Contains(a.FullPath)).Select(a => DiagnosticInfo.Create(
            SpecDiagnostics.MissingAsset, a.Location, a.Path, a.AssetsFolder));

    /// <summary>NMCP016 at each of several specs that declare one server name (they would share a namespace).</summary>
    public static IEnumerable<DiagnosticInfo> DuplicateServerNames(IEnumerable<(string Name, LocationInfo? Location)> servers) =>
        servers.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .SelectMany(g => g.Select(s => DiagnosticInfo.Create(SpecDiagnostics.DuplicateServerName, s.Location, s.Name)));

    /// <summary>Forward slashes, and "a/b/../c" resolved to "a/c", without touching the file system.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part == "..") { if (parts.Count > 1) parts.RemoveAt(parts.Count - 1); }
            else if (part != "." && (part.Length > 0 || parts.Count == 0)) parts.Add(part);
        }
        return string.Join("/", parts);
    }

    private static EquatableArray<TOut> Map<TIn, TOut>(EquatableArray<TIn> items, Func<TIn, TOut> map)
        where TIn : IEquatable<TIn> where TOut : IEquatable<TOut> => EquatableArray.From(items.Select(map));
}
