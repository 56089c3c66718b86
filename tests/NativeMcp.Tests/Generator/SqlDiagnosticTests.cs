extern alias generator;
using System.Linq;
using NativeMcp.Tests.Infrastructure;
using Xunit;
using static NativeMcp.Tests.Generator.DiagnosticTests;
using SqlParameters = generator::NativeMcp.Generators.FrontEnds.Spec.SqlParameters;

namespace NativeMcp.Tests.Generator;

/// <summary>
/// The SQL diagnostics (NMCP070-074) at the spec line that causes them, and the parameter scan they rest on.
/// Line numbers refer to <see cref="Spec"/>'s layout: lines 1-2 are <see cref="SpecBuilder.Header"/>.
/// </summary>
public sealed class SqlDiagnosticTests
{
    /// <summary>
    /// <code>
    ///  3 env:
    ///  4   SHOP_URL: { required: true, secret: true }
    ///  5 databases:
    ///  6   shop: { kind: postgres, connection: "${SHOP_URL}" }
    ///  7 tools:
    ///  8   - name: find_orders
    ///  9     input:
    /// 10       customer: { type: string, required: true }
    /// 11     sql:
    /// 12       statement: "SELECT id FROM orders WHERE customer = @customer"
    /// </code>
    /// </summary>
    private static SpecBuilder Spec() => SpecBuilder.Header().Append("""
        env:
          SHOP_URL: { required: true, secret: true }
        databases:
          shop: { kind: postgres, connection: "${SHOP_URL}" }
        tools:
          - name: find_orders
            input:
              customer: { type: string, required: true }
            sql:
              statement: "SELECT id FROM orders WHERE customer = @customer"
        """);

    [Fact]
    public void The_valid_spec_has_no_diagnostics() => Assert.Empty(GeneratorHarness.Diagnostics(Spec()));

    [Fact]
    public void NMCP070_a_parameter_without_an_input()
    {
        AssertSingle(Spec().Replace("customer = @customer", "customer = @customer AND total > @minimum"),
            "NMCP070", 12, 18, "'@minimum'", "find_orders", "declare an input named 'minimum'");
    }

    [Fact]
    public void NMCP071_an_input_the_statement_does_not_use()
    {
        AssertSingle(Spec().InsertAfter("customer: { type: string", "      limit: { type: integer }"),
            "NMCP071", 11, 7, "'limit'", "find_orders", "not used by its SQL statement");
    }

    [Fact]
    public void NMCP072_an_unknown_database()
    {
        AssertSingle(Spec().InsertAfter("    sql:", "      database: shoop"),
            "NMCP072", 12, 17, "'shoop'", "find_orders", "declared: shop");
    }

    [Fact]
    public void NMCP072_no_database_named_when_the_spec_declares_several()
    {
        AssertSingle(Spec().InsertAfter("  shop: {", "  notes: { kind: sqlite, connection: \"${SHOP_URL}\" }"),
            "NMCP072", 13, 7, "find_orders", "declared: shop, notes");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("many")]
    public void NMCP073_a_bad_row_limit(string limit)
    {
        AssertSingle(Spec().InsertAfter("    sql:", "      maxRows: " + limit),
            "NMCP073", 12, 16, "tool 'find_orders'", "1 to 10000", "'" + limit + "'");
    }

    [Fact]
    public void NMCP073_a_bad_row_limit_on_a_database()
    {
        AssertSingle(Spec().Replace("connection: \"${SHOP_URL}\" }", "connection: \"${SHOP_URL}\", maxRows: -5 }"),
            "NMCP073", 6, 63, "database 'shop'", "'-5'");
    }

    [Fact]
    public void NMCP074_a_connection_string_written_into_the_spec()
    {
        AssertSingle(Spec().Replace("\"${SHOP_URL}\"", "\"Host=db;Password=hunter2\""),
            "NMCP074", 6, 39, "database 'shop'", "secret: true", "compiled into the binary");
    }

    [Fact]
    public void NMCP074_a_connection_from_a_variable_not_declared_secret()
    {
        AssertSingle(Spec().Replace("SHOP_URL: { required: true, secret: true }", "SHOP_URL: { required: true }"),
            "NMCP074", 6, 39, "database 'shop'", "'SHOP_URL' is not declared secret");
    }

    [Fact]
    public void Parameters_are_found_outside_literals_comments_and_dollar_bodies_only()
    {
        const string sql = """
            SELECT '@notme', "@nor_me", $$ @body $$, $tag$ @body2 $tag$, data @> '{}', @@version, x::text -- @comment
            FROM t /* @block */ WHERE a = @first AND b = @second_2 AND c = @first AND d = 'it''s @quoted' AND e = $1
            """;
        Assert.Equal(new[] { "first", "second_2" }, SqlParameters.Find(sql).Select(p => p.Name));
    }
}
