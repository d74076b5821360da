using System.Text.Json;
using ClusterLocator.Locator.Api;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Tests.Api;

public class LocateResponseWriterTests
{
    [Theory]
    [InlineData("eu-1", "tcp", "10.0.0.1:7000", 0.7, 5000, false)]
    [InlineData("bench-00", "http", "http://127.0.0.1:9200", 0.1234, 1, true)]
    [InlineData("été \"quoted\" <b>&'x'", "tcp", "[::1]:7000", 1.0, 0, false)]
    [InlineData("a\\b\u0001", "tcp", "h:1", 0.0001, long.MaxValue, true)]
    [InlineData("z", "tcp", "h:1", 1e-5, 30_000, false)]
    public async Task Write_BytesAndHeadersOfTheWireSerializer(string clusterId, string protocol, string address, double health, long ttlMs, bool stale)
    {
        var expected = JsonSerializer.SerializeToUtf8Bytes(new LocateResponse(clusterId, protocol, address, health, ttlMs, stale), ProtocolJsonContext.Wire.LocateResponse);
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        // Twice on one thread: the second answer reuses the thread's buffer and must not carry the first.
        LocateResponseWriter.Write(context.Response, "a-much-longer-cluster-id-written-first", "http", "http://example:1", 0.5, 9, true);
        await context.Response.BodyWriter.FlushAsync();
        body.SetLength(0);
        LocateResponseWriter.Write(context.Response, clusterId, protocol, address, health, ttlMs, stale);
        await context.Response.BodyWriter.FlushAsync();

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal(expected.Length, context.Response.ContentLength);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
    }
}
