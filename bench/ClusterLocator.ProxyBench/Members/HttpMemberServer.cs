using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.ProxyBench.Members;

/// <summary>
/// The HTTP member: a minimal Kestrel app that answers every GET with the same small body, and
/// <see cref="HealthPath"/> (the controller's default probe path) with 200.
/// </summary>
internal static class HttpMemberServer
{
    public const string HealthPath = "/healthz";

    /// <summary>64 bytes, as one TCP ping.</summary>
    public static ReadOnlySpan<byte> Body => "Hello from a ClusterLocator benchmark member. Sixty-four bytes.\n"u8;

    public static async Task RunAsync(IPEndPoint listen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(listen);
        });
        await using var app = builder.Build();

        // No routing: the member should cost as little as it can, so the front door's cost shows.
        var body = Body.ToArray();
        app.Run(context =>
        {
            var response = context.Response;
            if (context.Request.Path == HealthPath)
            {
                response.StatusCode = StatusCodes.Status200OK;
                return Task.CompletedTask;
            }

            response.ContentType = "text/plain";
            response.ContentLength = body.Length;
            return response.Body.WriteAsync(body, 0, body.Length);
        });
        await app.StartAsync();
        Console.WriteLine($"http member listening on http://{listen}");
        await app.WaitForShutdownAsync();
    }
}
