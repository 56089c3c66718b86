using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;

namespace NativeMcp.Runtime.Registry;

/// <summary>The admin API's answers, written with Utf8JsonWriter: the seed's envelopes, env values masked.</summary>
internal static class AdminJson
{
    public static byte[] Success(System.Action<Utf8JsonWriter> data)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", true);
            writer.WritePropertyName("data");
            data(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Failure(AdminError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("success", false);
            writer.WriteStartObject("error");
            writer.WriteString("message", error.Message);
            writer.WriteString("code", error.Code);
            writer.WriteStartObject("details");
            if (error.Field is not null) writer.WriteString("field", error.Field);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static void Server(Utf8JsonWriter w, McpServerRecord server)
    {
        w.WriteStartObject();
        w.WriteString("id", server.Id);
        w.WriteString("name", server.Name);
        if (server.Description is null) w.WriteNull("description");
        else w.WriteString("description", server.Description);
        w.WriteString("command", server.Command);
        w.WriteStartArray("args");
        foreach (var arg in server.Args) w.WriteStringValue(arg);
        w.WriteEndArray();
        w.WriteStartObject("env");
        foreach (var (name, value) in server.Env) w.WriteString(name, EnvMasking.IsSecret(name, value, server.SecretEnv) ? EnvMasking.Show(value) : value);
        w.WriteEndObject();
        if (server.SecretEnv.Count > 0)
        {
            w.WriteStartArray("secretEnv");
            foreach (var name in server.SecretEnv) w.WriteStringValue(name);
            w.WriteEndArray();
        }
        w.WriteBoolean("enabled", server.Enabled);
        w.WriteString("createdAt", Time(server.CreatedAt));
        w.WriteString("updatedAt", Time(server.UpdatedAt));
        w.WriteEndObject();
    }

    public static void Servers(Utf8JsonWriter w, IReadOnlyList<McpServerRecord> servers)
    {
        w.WriteStartArray();
        foreach (var server in servers) Server(w, server);
        w.WriteEndArray();
    }

    public static void Tenant(Utf8JsonWriter w, TenantRecord tenant)
    {
        w.WriteStartObject();
        w.WriteString("id", tenant.Id);
        w.WriteString("name", tenant.Name);
        w.WriteStartObject("settings");
        w.WriteStartArray("enabledMcpServers");
        foreach (var id in tenant.EnabledServers) w.WriteStringValue(id);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("updatedAt", Time(tenant.UpdatedAt));
        w.WriteEndObject();
    }

    /// <summary>The seed's form: milliseconds and Z (2025-10-10T12:00:00.000Z).</summary>
    public static string Time(System.DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
