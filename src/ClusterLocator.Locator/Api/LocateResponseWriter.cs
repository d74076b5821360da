using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// Writes a placement (<see cref="LocateResponse"/>) as <see cref="ProtocolJsonContext.Wire"/> would
/// serialize it, byte for byte, without the serializer's metadata walk, the record or a body array:
/// a <see cref="Utf8JsonWriter"/> with pre-encoded property names into a buffer kept per thread, then
/// copied into the response's pipe once its length is known, so the answer keeps its Content-Length.
/// </summary>
internal static class LocateResponseWriter
{
    public const string JsonContentType = "application/json; charset=utf-8";

    // The wire context's writer settings: compact, and the relaxed escaping of ProtocolJsonContext.Wire.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText ClusterIdName = JsonEncodedText.Encode("clusterId");
    private static readonly JsonEncodedText ProtocolName = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText AddressName = JsonEncodedText.Encode("address");
    private static readonly JsonEncodedText HealthName = JsonEncodedText.Encode("health");
    private static readonly JsonEncodedText TtlMsName = JsonEncodedText.Encode("ttlMs");
    private static readonly JsonEncodedText StaleName = JsonEncodedText.Encode("stale");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Sets the content type and length of <paramref name="response"/> and writes the placement into its body, unflushed.</summary>
    public static void Write(HttpResponse response, string clusterId, string protocol, string address, double health, long ttlMs, bool stale)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, Options);
        writer.Reset(buffer);
        writer.WriteStartObject();
        writer.WriteString(ClusterIdName, clusterId);
        writer.WriteString(ProtocolName, protocol);
        writer.WriteString(AddressName, address);
        writer.WriteNumber(HealthName, health);
        writer.WriteNumber(TtlMsName, ttlMs);
        writer.WriteBoolean(StaleName, stale);
        writer.WriteEndObject();
        writer.Flush();

        response.ContentType = JsonContentType;
        response.ContentLength = buffer.WrittenCount;
        response.BodyWriter.Write(buffer.WrittenSpan);
    }
}
