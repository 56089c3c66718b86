using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using NativeMcp.Runtime.Hosting;
using NativeMcp.Tests.Infrastructure;
using Xunit;

namespace NativeMcp.Tests.OpenApi;

/// <summary>
/// A few of Stripe's operations, imported from its 2018 API document (OpenAPI 3.0; every write is an
/// application/x-www-form-urlencoded body whose object and array fields have <c>style: deepObject</c> in the media
/// type's <c>encoding</c>), compiled in memory and driven by the SDK client against a fake upstream on 127.0.0.1.
/// Each body is read back pair by pair: nested keys as Stripe reads them (<c>metadata[key]=v</c>,
/// <c>items[0][plan]=v</c>), in the document's property order; and the credential is the alternative configured.
/// </summary>
public sealed class StripeServerTests : IAsyncLifetime
{
    private const string Selection = """
          select:
            - include: { operationId: CreateSubscription }
            - include: { operationId: AllSubscriptions }
            - include: { operationId: CreatePlan }

        """;

    private static readonly Lazy<ServerDefinition> Definition = new(() => LargeDocument.Stripe.Compile(LargeDocument.Stripe.Spec(Selection)));

    private const string Declined = """{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}""";

    private FakeUpstream _upstream = null!;

    public async Task InitializeAsync() => _upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    // The document's security is basicAuth OR bearerAuth: the first alternative whose variables are set is sent.
    private Task<InProcessServer> Start(bool basic = false) => InProcessServer.StartAsync(Definition.Value, basic
        ? new Dictionary<string, string?> { ["STRIPE_BASE_URL"] = _upstream.BaseUrl, ["STRIPE_BASIC_AUTH_USERNAME"] = "sk_test_basic", ["STRIPE_BASIC_AUTH_PASSWORD"] = "unused" }
        : new Dictionary<string, string?> { ["STRIPE_BASE_URL"] = _upstream.BaseUrl, ["STRIPE_BEARER_AUTH_TOKEN"] = "sk_test_bearer" });

    /// <summary>A form body's pairs, each name and value percent-decoded, in the order sent.</summary>
    private static string[] Pairs(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).Select(p => Uri.UnescapeDataString(p[0]) + "=" + Uri.UnescapeDataString(p[1])).ToArray();

    [Fact]
    public async Task Subscription_items_go_as_indexed_deep_object_keys_and_metadata_as_bracketed_keys()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json(Declined, 402);

        var result = await server.Client.CallJsonAsync("CreateSubscription",
            """{"customer":"cus_1","items":[{"plan":"gold","quantity":2},{"plan":"silver"}],"metadata":{"order":"6735","note":"a b&c"},"expand":["latest_invoice"],"prorate":false}""");

        // A 402 is the API's answer: an error result that says so.
        Assert.True(result.IsError);
        Assert.Contains("402", result.Text(), StringComparison.Ordinal);
        var request = _upstream.Last;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/subscriptions", request.Path);
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("content-type"), StringComparison.Ordinal);
        Assert.Equal("Bearer sk_test_bearer", request.Header("authorization"));
        Assert.Equal(new[]
        {
            "customer=cus_1",
            "expand[0]=latest_invoice",
            "items[0][plan]=gold",
            "items[0][quantity]=2",
            "items[1][plan]=silver",
            "metadata[order]=6735",
            "metadata[note]=a b&c",
            "prorate=false",
        }, Pairs(request.Body));
        // Brackets of the keys and reserved characters of the values are percent-encoded, as form encoding wants.
        Assert.Contains("&items%5B0%5D%5Bplan%5D=gold&", request.Body, StringComparison.Ordinal);
        Assert.Contains("&metadata%5Bnote%5D=a%20b%26c&", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_tiers_and_an_inline_product_object_are_nested_keys_with_basic_credentials_when_those_are_set()
    {
        await using var server = await Start(basic: true);
        _upstream.Respond = _ => FakeResponse.Json("""{"error":{"type":"invalid_request_error","message":"No such product"}}""", 400);

        var result = await server.Client.CallJsonAsync("CreatePlan",
            """{"currency":"usd","interval":"month","billing_scheme":"tiered","tiers_mode":"graduated","tiers":[{"amount":1000,"up_to":10},{"amount":800,"up_to":"inf"}],"product":{"name":"Gold & Co","metadata":{"tier":"1"}}}""");

        Assert.True(result.IsError);
        var request = _upstream.Last;
        Assert.Equal("/v1/plans", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sk_test_basic:unused")), request.Header("authorization"));
        Assert.Equal(new[]
        {
            "billing_scheme=tiered",
            "currency=usd",
            "interval=month",
            "product[name]=Gold & Co",
            "product[metadata][tier]=1",
            "tiers[0][amount]=1000",
            "tiers[0][up_to]=10",
            "tiers[1][amount]=800",
            "tiers[1][up_to]=inf",
            "tiers_mode=graduated",
        }, Pairs(request.Body));
    }

    [Fact]
    public async Task List_sends_deep_object_query_parameters_and_a_tier_of_the_wrong_shape_is_an_error_naming_it()
    {
        await using var server = await Start();
        _upstream.Respond = _ => FakeResponse.Json("""{"object":"list","data":[],"has_more":false,"url":"/v1/subscriptions"}""");

        var result = await server.Client.CallJsonAsync("AllSubscriptions", """{"created":{"gte":1500000000,"lt":1600000000},"expand":["data.customer"],"limit":3,"status":"all"}""");

        Assert.True(result.IsError != true, result.Text());
        Assert.Equal("GET", _upstream.Last.Method);
        Assert.Equal("/v1/subscriptions", _upstream.Last.Path);
        Assert.Equal(new[] { "created[gte]=1500000000", "created[lt]=1600000000", "expand[0]=data.customer", "limit=3", "status=all" }, Pairs(_upstream.Last.QueryString.TrimStart('?')));
        Assert.False(result.StructuredContent!.Value.GetProperty("has_more").GetBoolean());

        var count = _upstream.Requests.Count;
        var wrong = await server.Client.CallJsonAsync("CreatePlan", """{"currency":"usd","interval":"month","tiers":[{"amount":"lots"}]}""");
        Assert.True(wrong.IsError);
        Assert.Contains("tiers", wrong.Text(), StringComparison.Ordinal);
        Assert.Equal(count, _upstream.Requests.Count);
    }
}
