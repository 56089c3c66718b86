using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// A few of Kubernetes' operations, imported from its API document (Swagger 2.0), compiled in memory and driven by the
/// SDK client against a fake upstream on 127.0.0.1: each request is checked against what the document says the
/// operation takes (its path, query parameters, body and media type, and the BearerToken apiKey header).
/// </summary>
public sealed class KubernetesServerTests : IAsyncLifetime
{
    private const string Selection = """
          select:
            - include: { operationId: listCoreV1NamespacedPod }
            - include: { operationId: createCoreV1NamespacedConfigMap }
            - include: { operationId: patchCoreV1NamespacedConfigMap }
            - include: { operationId: readCoreV1NamespacedPodLog }
            - include: { operationId: deleteCoreV1NamespacedConfigMap }

        """;

    private static readonly System.Lazy<ServerDefinition> Definition = new(() => LargeDocument.Kubernetes.Compile(LargeDocument.Kubernetes.Spec(Selection)));

    private const string ConfigMap = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"default"},"data":{"a":"1"}}""";

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    // The document has no host: the base URL is a required variable. Its one security definition, BearerToken, is an
    // apiKey in the 'authorization' header, so the value is sent as it is given.
    private Task<InProcessServer> Start() =>
        InProcessServer.StartAsync(Definition.Value, new Dictionary<string, string?> { ["KUBERNETES_BASE_URL"] = _upstream.BaseUrl, ["KUBERNETES_BEARER_TOKEN"] = "Bearer kube-token" });

    [Fact]
    public async Task List_sends_the_namespace_in_the_path_and_selectors_in_the_query_with_the_token_header()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json("""{"apiVersion":"v1","kind":"PodList","metadata":{},"items":[]}""");

        var result = await server.Client.CallJsonAsync("listCoreV1NamespacedPod", """{"namespace":"kube system","labelSelector":"app in (web,api)","limit":5}""");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("GET", _upstream.Last.Method);
        Assert.Equal("/api/v1/namespaces/kube%20system/pods", _upstream.Last.Path);
        // Form style, in the document's order; only the arguments given; reserved characters percent-encoded.
        Assert.Equal("?labelSelector=app%20in%20%28web%2Capi%29&limit=5", _upstream.Last.QueryString);
        Assert.Equal("Bearer kube-token", _upstream.Last.Header("authorization"));
        Assert.Equal("PodList", result.StructuredContent!.Value.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Create_sends_the_body_fields_as_json_and_the_query_parameter_that_shares_a_body_fields_name_apart()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json(ConfigMap, 201);
        var tools = (await server.Client.ListToolsAsync()).ToDictionary(t => t.Name);
        var properties = tools["createCoreV1NamespacedConfigMap"].ProtocolTool.InputSchema.GetProperty("properties");
        Assert.True(properties.TryGetProperty("dryRun", out _), "the query parameter dryRun is an argument");
        Assert.True(properties.TryGetProperty("data", out _), "the body field data is an argument");

        var result = await server.Client.CallJsonAsync("createCoreV1NamespacedConfigMap", """{"namespace":"default","dryRun":"All","apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg"},"data":{"a":"1"}}""");

        Assert.True(result.IsError != true, result.Text());
        var request = _upstream.Last;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/namespaces/default/configmaps", request.Path);
        Assert.Equal("?dryRun=All", request.QueryString);
        // The operation consumes */*: sent as JSON.
        Assert.StartsWith("application/json", request.Header("content-type"), System.StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        // The fields given, in the order of the document's schema (io.k8s.api.core.v1.ConfigMap).
        Assert.Equal(new[] { "apiVersion", "data", "kind", "metadata" }, body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cfg", body.RootElement.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("1", body.RootElement.GetProperty("data").GetProperty("a").GetString());
    }

    [Fact]
    public async Task Patch_sends_the_object_as_a_merge_patch_the_operation_consumes_not_as_application_json()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json(ConfigMap);

        var result = await server.Client.CallJsonAsync("patchCoreV1NamespacedConfigMap", """{"name":"cfg","namespace":"default","body":{"data":{"a":"2"}}}""");

        Assert.True(result.IsError != true, result.Text());
        var request = _upstream.Last;
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/api/v1/namespaces/default/configmaps/cfg", request.Path);
        // The document offers json-patch+json (an array of operations, RFC 6902) first, then merge-patch+json; the
        // body's schema is an object, so it goes as a merge patch, a type Kubernetes' PATCH accepts.
        Assert.StartsWith("application/merge-patch+json", request.Header("content-type"), System.StringComparison.Ordinal);
        Assert.Equal("""{"data":{"a":"2"}}""", request.Body);
    }

    [Fact]
    public async Task Log_read_sends_integer_and_boolean_query_parameters_and_returns_the_text()
    {
        await using var server = await Start();
        _upstream.Respond = _ => new FakeResponse(200, "text/plain", "line one\nline two\n");

        var result = await server.Client.CallJsonAsync("readCoreV1NamespacedPodLog", """{"name":"web-0","namespace":"default","tailLines":10,"timestamps":true}""");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("GET", _upstream.Last.Method);
        Assert.Equal("/api/v1/namespaces/default/pods/web-0/log", _upstream.Last.Path);
        Assert.Equal("?tailLines=10&timestamps=true", _upstream.Last.QueryString);
        Assert.Contains("line two", result.Text(), System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_sends_its_query_parameters_and_a_wrong_enum_like_argument_type_is_an_error_naming_the_field()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json("""{"apiVersion":"v1","kind":"Status","status":"Success"}""");

        var result = await server.Client.CallJsonAsync("deleteCoreV1NamespacedConfigMap", """{"name":"cfg","namespace":"default","gracePeriodSeconds":0,"propagationPolicy":"Foreground"}""");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("DELETE", _upstream.Last.Method);
        Assert.Equal("/api/v1/namespaces/default/configmaps/cfg", _upstream.Last.Path);
        Assert.Equal("?gracePeriodSeconds=0&propagationPolicy=Foreground", _upstream.Last.QueryString);

        var count = _upstream.Requests.Count;
        var wrong = await server.Client.CallJsonAsync("deleteCoreV1NamespacedConfigMap", """{"name":"cfg","namespace":"default","gracePeriodSeconds":"soon"}""");
        Assert.True(wrong.IsError);
        Assert.Contains("gracePeriodSeconds", wrong.Text(), System.StringComparison.Ordinal);
        Assert.Equal(count, _upstream.Requests.Count);
    }
}
