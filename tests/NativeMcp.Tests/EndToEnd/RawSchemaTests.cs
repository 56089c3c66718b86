using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using NativeMcp.Generated.Schemas;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.EndToEnd;

/// <summary>
/// Tools described by raw JSON Schema (Specs/schemas.yaml), driven by the real SDK client against a real upstream
/// on 127.0.0.1: the schema is published as written, and bad arguments are rejected, with every field named,
/// before the upstream sees a request.
/// </summary>
public sealed class RawSchemaTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _server = await InProcessServer.StartAsync(SchemasServer.Definition, new Dictionary<string, string?> { ["SCHEMAS_URL"] = _upstream.BaseUrl });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Tools_list_publishes_each_schema_exactly_as_written()
    {
        var tools = (await _server.Client.ListToolsAsync()).ToDictionary(t => t.Name);

        // Written as JSON in the spec: the same keys in the same order, compact.
        Assert.Equal(
            """{"type":"object","properties":{"orderId":{"type":"string","pattern":"^ord_[a-z0-9]+$"}},"required":["orderId"],"additionalProperties":false}""",
            Relaxed(tools["get_order"].ProtocolTool.InputSchema.GetRawText()));
        Assert.Equal(
            """{"type":"object","properties":{"id":{"type":"string"},"total":{"type":"number","minimum":0}},"required":["id","total"]}""",
            tools["get_order"].ProtocolTool.OutputSchema!.Value.GetRawText());
        // Written as YAML: $defs and $ref kept, nothing added (no "additionalProperties" the spec did not write).
        var tree = tools["save_tree"].ProtocolTool.InputSchema;
        Assert.Equal("#/$defs/node", tree.GetProperty("properties").GetProperty("root").GetProperty("$ref").GetString());
        Assert.Equal(
            """{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":3}""",
            tree.GetProperty("$defs").GetProperty("node").GetProperty("properties").GetProperty("children").GetRawText());
        Assert.Equal("""["string","null"]""", tools["notify"].ProtocolTool.InputSchema.GetProperty("properties").GetProperty("note").GetProperty("type").GetRawText());
    }

    /// <summary>The same JSON with only the escapes it needs: the SDK and Utf8JsonWriter write '+' as \u002B.</summary>
    private static string Relaxed(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public async Task A_valid_recursive_tree_is_sent_to_the_upstream_as_given()
    {
        const string Tree = """{"label":"a","children":[{"label":"b","children":[{"label":"c"}]},{"label":"d","children":[]}]}""";

        var result = await _server.Client.CallJsonAsync("save_tree", "{\"root\":" + Tree + "}");

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("POST", _upstream.Last.Method);
        Assert.Equal("{\"root\":" + Tree + "}", _upstream.Last.Body);
    }

    [Fact]
    public async Task Every_violation_deep_in_a_recursive_tree_is_named_and_nothing_is_sent()
    {
        var result = await _server.Client.CallJsonAsync("save_tree",
            """{"root":{"label":"a","children":[{"label":""},{"label":"c","color":"red"},{"children":[]},{"label":"e"}]},"extra":1}""");

        Assert.True(result.IsError);
        Assert.Equal(
            """
            Invalid arguments for tool 'save_tree':
            - 'root.children' must contain at most 3 items (got 4)
            - 'root.children[0].label' must be at least 1 characters long (got 0)
            - 'root.children[1].color' is not a property of 'root.children[1]'
            - 'root.children[2].label' is required
            - 'extra' is not a parameter of this tool (expected one of: root)
            """.ReplaceLineEndings("\n"), result.Text());
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task OneOf_takes_exactly_one_alternative_and_says_why_each_one_failed()
    {
        var email = await _server.Client.CallJsonAsync("notify", """{"channel":{"email":"ops@example.com"},"note":null}""");
        Assert.NotEqual(true, email.IsError);
        // The default of priority fills the absent argument; a null note is sent as given (the schema allows null).
        Assert.Equal("""{"channel":{"email":"ops@example.com"},"note":null,"priority":3}""", _upstream.Last.Body);

        var sms = await _server.Client.CallJsonAsync("notify", """{"channel":{"phone":"+4915112345678"},"priority":5}""");
        Assert.NotEqual(true, sms.IsError);
        Assert.Equal("""{"channel":{"phone":"+4915112345678"},"priority":5}""", Relaxed(_upstream.Last.Body));

        var count = _upstream.Requests.Count;
        var neither = await _server.Client.CallJsonAsync("notify", """{"channel":{"email":"not-an-address"},"note":42,"priority":9}""");
        Assert.True(neither.IsError);
        Assert.Equal(
            """
            Invalid arguments for tool 'notify':
            - 'channel' must match exactly one of the oneOf alternatives, and matches none: #1: 'channel.email' must be an email address (got "not-an-address"); #2: 'channel.phone' is required, 'channel.email' is not a property of 'channel'
            - 'note' must be a string or null (got a number)
            - 'priority' must be <= 5 (got 9)
            """.ReplaceLineEndings("\n"), neither.Text());
        Assert.Equal(count, _upstream.Requests.Count);
    }

    [Fact]
    public async Task Path_arguments_of_a_json_written_schema_are_checked_before_the_call()
    {
        _upstream.Respond = _ => FakeResponse.Json("""{"id":"ord_1","total":12.5}""");

        var ok = await _server.Client.CallJsonAsync("get_order", """{"orderId":"ord_1"}""");
        Assert.NotEqual(true, ok.IsError);
        Assert.Equal("/orders/ord_1", _upstream.Last.Path);
        Assert.Equal(12.5, ok.StructuredContent!.Value.GetProperty("total").GetDouble());

        var bad = await _server.Client.CallJsonAsync("get_order", """{"orderId":"1"}""");
        Assert.True(bad.IsError);
        Assert.Equal("Invalid arguments for tool 'get_order':\n- 'orderId' must match the pattern ^ord_[a-z0-9]+$ (got \"1\")", bad.Text());
        Assert.Single(_upstream.Requests);
    }

    [Fact]
    public async Task An_answer_that_breaks_the_output_schema_is_an_error_naming_the_field()
    {
        _upstream.Respond = _ => FakeResponse.Json("""{"id":"ord_1","total":-3}""");

        var result = await _server.Client.CallJsonAsync("get_order", """{"orderId":"ord_1"}""");

        Assert.True(result.IsError);
        Assert.Contains("does not match the output schema of 'get_order': 'result.total' must be >= 0 (got -3)", result.Text());
    }
}
