using System.Net;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A member server for the HTTP front door: a small Kestrel app on 127.0.0.1 port 0. Every request
/// but the health probe is answered with the member's name, the method, path, query and body;
/// <c>/healthz</c> answers 200, or 503 while <see cref="Healthy"/> is false; a request under
/// <c>/hold</c> is not answered until <see cref="ReleaseHeld"/>, so a test can keep it in flight.
/// </summary>
internal sealed class HttpMember : IAsyncDisposable
{
    public const string HealthPath = "/healthz";
    public const string HoldPath = "/hold";

    private readonly WebApplication _app;
    private int _requests;
    private int _probes;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;
    private volatile bool _healthy = true;

    private HttpMember(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    /// <summary>The member address as the controller takes it: <c>127.0.0.1:PORT</c>.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Requests served, not counting health probes.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Health probes answered.</summary>
    public int Probes => Volatile.Read(ref _probes);

    /// <summary>Requests under <c>/hold</c> that have arrived.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Lets every held request (and every later one) be answered.</summary>
    public void ReleaseHeld() => _release.TrySetResult();

    public bool Healthy
    {
        get => _healthy;
        set => _healthy = value;
    }

    public static async Task<HttpMember> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var member = new HttpMember(name, app);
        app.Run(member.HandleAsync);
        await app.StartAsync().DefaultTimeout();
        member.Address = new Uri(app.Urls.First()).Authority;
        return member;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == HealthPath)
        {
            Interlocked.Increment(ref _probes);
            context.Response.StatusCode = _healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Interlocked.Increment(ref _requests);
        if (context.Request.Path.StartsWithSegments(HoldPath))
        {
            Interlocked.Increment(ref _held);
            await _release.Task.WaitAsync(context.RequestAborted);
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync($"{Name} {context.Request.Method} {context.Request.Path}{context.Request.QueryString} {body}", context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
