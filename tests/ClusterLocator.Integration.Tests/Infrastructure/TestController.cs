using System.Net;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Infrastructure;

/// <summary>
/// A real cluster controller in-process, built as the CLI builds it, with front doors on 127.0.0.1
/// port 0 and the system clock (or the clock a test passes). Test defaults: short report and probe intervals, no host CPU or
/// memory in the load (so the machine's business never changes a health), a long probe timeout, a short drain.
/// Stops what it starts.
/// </summary>
internal sealed class TestController : IAsyncDisposable
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    private readonly IHost _host;
    private readonly Lock _gate = new();
    private Task? _stopping;

    private TestController(IHost host, ControllerOptions options)
    {
        _host = host;
        Options = options;
        var bound = host.Services.GetRequiredService<FrontDoorEndpoints>();
        TcpEndPoint = bound.Tcp;
        var scheme = options.Listen.Any(u => u.Scheme == "https") ? "https" : "http";
        HttpAddress = bound.Http is { } http ? new Uri($"{scheme}://{http}") : null;
    }

    public ControllerOptions Options { get; }

    /// <summary>Where the TCP front door is bound, when it has one.</summary>
    public IPEndPoint? TcpEndPoint { get; }

    /// <summary>The HTTP front door's base address (<c>http://127.0.0.1:PORT</c>, or https), when it has one.</summary>
    public Uri? HttpAddress { get; }

    /// <summary>The TCP front door as reported to the locators: <c>127.0.0.1:PORT</c>.</summary>
    public string TcpAdvertised => $"127.0.0.1:{TcpEndPoint!.Port}";

    /// <summary>The HTTP front door as reported to the locators: <c>http://127.0.0.1:PORT</c>, or https.</summary>
    public string HttpAdvertised => $"{HttpAddress!.Scheme}://127.0.0.1:{HttpAddress.Port}";

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a controller with the front doors asked for; <paramref name="configure"/> adds members and locators.</summary>
    public static async Task<TestController> StartAsync(
        Action<ControllerOptions> configure,
        bool tcp = true,
        bool http = false,
        Action<IServiceCollection>? configureServices = null,
        ILoggerProvider? logs = null,
        TimeProvider? time = null)
    {
        var options = new ControllerOptions
        {
            ClusterId = "c1",
            Service = "erp",
            Capacity = 100,
            ReportHostUsage = false,
            ReportInterval = ReportInterval,
            ProbeInterval = ProbeInterval,

            // A probe answered late is a failed one: on a stalled machine, two 1 s timeouts in a row
            // would mark a healthy member down. Tests of a failing member make it answer 503 or close.
            ProbeTimeout = TimeSpan.FromSeconds(10),
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        if (tcp)
        {
            options.Listen.Add(new Uri("tcp://127.0.0.1:0"));
        }

        if (http)
        {
            options.Listen.Add(new Uri("http://127.0.0.1:0"));
        }

        configure(options);
        var host = ControllerHost.Build(options, time ?? TimeProvider.System, Logging, configureServices);
        try
        {
            await host.StartAsync().DefaultTimeout();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestController(host, options);

        void Logging(ILoggingBuilder logging)
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        }
    }

    /// <summary>Kills the controller as SIGKILL would: its host is disposed without being stopped.</summary>
    public async Task CrashAsync()
    {
        lock (_gate)
        {
            _stopping ??= Task.CompletedTask;
        }

        await DisposeHostAsync();
    }

    /// <summary>Stops as SIGTERM does: drain, deregister, stop the front doors. Later calls wait for the first.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            return _stopping ??= _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().DefaultTimeout();
        await DisposeHostAsync();
    }

    private async ValueTask DisposeHostAsync()
    {
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
