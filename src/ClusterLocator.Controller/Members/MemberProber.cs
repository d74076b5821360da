using System.Net.Sockets;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Members;

/// <summary>
/// Probes every member on an interval: a TCP connect, or for HTTP clusters a GET of the health path
/// that must answer 2xx. Two failures in a row mark a member down; one success brings it back. The
/// <see cref="TaskSupervisor"/> restarts the probing if it throws what it did not expect.
/// </summary>
internal sealed partial class MemberProber(
    MemberSet members,
    ControllerOptions options,
    HttpClient http,
    TimeProvider time,
    TaskSupervisor supervisor,
    ILogger<MemberProber> logger) : BackgroundService
{
    private readonly bool _probeHttp = options.HttpListen is not null;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => supervisor.RunAsync("member-prober", ProbeEveryIntervalAsync, stoppingToken);

    private async Task ProbeEveryIntervalAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ProbeInterval, time);
        try
        {
            do
            {
                await ProbeAllAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped, or the host disposed without a stop: a host that was not stopped reports a
            // canceled background service as failed.
        }
    }

    internal Task ProbeAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(members.All.Select(member => ProbeAsync(member, cancellationToken)));

    private async Task ProbeAsync(Member member, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ProbeTimeout);
        string? failure = null;
        try
        {
            if (_probeHttp)
            {
                using var response = await http.GetAsync(new Uri($"http://{member.Address}{options.HealthPath}"), timeout.Token);
                failure = response.IsSuccessStatusCode ? null : $"GET {options.HealthPath} answered {(int)response.StatusCode}";
            }
            else
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(member.Host, member.Port, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            failure = $"no answer within {options.ProbeTimeout.TotalMilliseconds:0}ms";
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException)
        {
            failure = ex.Message;
        }

        if (member.RecordProbe(failure is null))
        {
            if (member.IsHealthy)
            {
                Log.MemberUp(logger, member.Address);
            }
            else
            {
                Log.MemberDown(logger, member.Address, failure!);
            }
        }
    }
}
