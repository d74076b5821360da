using System.Collections.Concurrent;
using System.Net;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Telemetry;

/// <summary>
/// <c>LocatorOptions.OtlpEndpoint</c>: the locator sends its traces to the collector over OTLP/gRPC,
/// here a stand-in that takes every export and answers it with an empty gRPC message.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Locator_WithOtlpEndpoint_ExportsTheLocateTraceToTheCollector()
    {
        var exports = new ConcurrentQueue<string>();
        await using var collector = await StartCollectorAsync(exports);
        await using var locator = await TestLocator.StartAsync(options => options.OtlpEndpoint = collector.Urls.First());
        await locator.RegisterAsync("a", Reports.Create());

        await locator.LocateOkAsync("service=erp");

        // The batch of spans leaves within the exporter's delay (5 s by default).
        await Eventually.HoldsAsync(
            () => exports.Contains("/opentelemetry.proto.collector.trace.v1.TraceService/Export"),
            "the locate's span to be exported to the collector");
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<string> exports)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            exports.Enqueue(context.Request.Path.Value!);
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(new byte[5]);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync().DefaultTimeout();
        return app;
    }
}
