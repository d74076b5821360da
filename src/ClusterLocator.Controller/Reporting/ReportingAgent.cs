using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ClusterLocator.Controller.Diagnostics;
using ClusterLocator.Controller.Load;
using ClusterLocator.Protocol;
using ClusterLocator.Protocol.Supervision;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Controller.Reporting;

/// <summary>
/// Sends the cluster's whole state to every locator, each on its own loop, so a slow or dead locator
/// never delays the others. Each start is a new incarnation with its own increasing <c>seq</c>;
/// reports are spread over 90–100 % of the interval and failures back off with jitter; the interval
/// a locator answers is adopted for that locator. With <see cref="ControllerOptions.ReportOnChange"/>
/// a loop also reports as soon as the load moved (<see cref="WaitForNextReportAsync"/>). A loop that
/// throws what it did not expect (a load source's bug) is logged and restarted by the
/// <see cref="TaskSupervisor"/>.
/// </summary>
internal sealed partial class ReportingAgent(
    ControllerOptions options,
    IClusterLoadSource load,
    AdvertisedEndpoints endpoints,
    ChangeWatch watch,
    HttpClient http,
    TimeProvider time,
    TaskSupervisor supervisor,
    ILogger<ReportingAgent> logger,
    ControllerMetrics? metrics = null) : BackgroundService
{
    /// <summary>The longest wait between two tries after failures: short enough to re-register well within a lease once a locator is back.</summary>
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one report or removal may take before it counts as failed. On the wall clock: a test
    /// that moves a fake clock would otherwise race the timers its own advances create.
    /// </summary>
    internal TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _loopsStopped = new();
    private readonly Lock _gate = new();

    /// <summary>The seq of the newest report sent to each locator, to tell a pinned cluster from reports that crossed.</summary>
    private readonly ConcurrentDictionary<Uri, long> _newestSent = new();
    private string _incarnation = NewIncarnation();
    private long _seq;
    private volatile string _state = ClusterStates.Active;

    /// <summary>This run's incarnation: new at each start, and again when a locator holds a higher seq of it.</summary>
    public string Incarnation
    {
        get
        {
            lock (_gate)
            {
                return _incarnation;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await endpoints.WhenAvailable.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the front doors were bound: there was nothing to report.
            return;
        }

        using var loops = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _loopsStopped.Token);
        await Task.WhenAll(options.Locators.Select(locator => supervisor.RunAsync("reporting", _ => RunAsync(locator, loops.Token, stoppingToken), loops.Token)));
    }

    /// <summary>Reports <paramref name="state"/> to every locator at once, without waiting for the next interval.</summary>
    public async Task ReportStateAsync(string state, CancellationToken cancellationToken)
    {
        _state = state;
        await Task.WhenAll(options.Locators.Select(locator => SendAsync(locator, cancellationToken)));
    }

    /// <summary>
    /// Stops the report loops, letting a report under way finish, then removes the cluster from every
    /// locator: no report can follow the removal and register the cluster again.
    /// </summary>
    public async Task DeregisterAsync(CancellationToken cancellationToken)
    {
        await _loopsStopped.CancelAsync();
        if (ExecuteTask is { } loops)
        {
            try
            {
                await loops.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The loops ended by cancellation, as asked.
            }
        }

        await Task.WhenAll(options.Locators.Select(async locator =>
        {
            try
            {
                using var request = Request(HttpMethod.Delete, locator, $"?incarnation={Uri.EscapeDataString(Incarnation)}");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                Log.Deregistered(logger, locator, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                Log.DeregisterFailed(logger, locator, ex.Message);
            }
        }));
    }

    /// <summary>Reports to one locator until <paramref name="loopToken"/> ends; a report under way is cut only by <paramref name="stoppingToken"/>.</summary>
    private async Task RunAsync(Uri locator, CancellationToken loopToken, CancellationToken stoppingToken)
    {
        var interval = options.ReportInterval;
        var failures = 0;
        while (!loopToken.IsCancellationRequested)
        {
            // Read before the report: a change while it is on its way is seen by the next check.
            var sent = options.ReportOnChange is null ? default : watch.Read();
            var started = time.GetTimestamp();
            var answer = await SendAsync(locator, stoppingToken);
            metrics?.Reported(locator, answer is not null, time.GetElapsedTime(started));
            if (answer is not null)
            {
                failures = 0;
                interval = TimeSpan.FromMilliseconds(Math.Clamp(answer.ReportIntervalMs, 10, 3_600_000));
            }
            else
            {
                failures++;
            }

            try
            {
                if (failures == 0)
                {
                    await WaitForNextReportAsync(locator, Spread(interval), sent, loopToken);
                }
                else
                {
                    await Task.Delay(Backoff(interval, failures), time, loopToken);
                }
            }
            catch (OperationCanceledException) when (loopToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits <paramref name="wait"/>, the periodic report's, or less when change-triggered reports are
    /// on: a floor after the report it compares the load with <paramref name="sent"/>, and from then
    /// on returns the moment it moved. A session opened or closed at the front doors wakes it at once
    /// (<see cref="ChangeWatch.NextChange"/>); member health, and an application's own load source,
    /// are looked at once per floor. So no report follows another sooner than a floor, under steady
    /// churn that is one report per floor, and a lone change after the floor goes out at once. After
    /// a triggered report the periodic wait starts again: the report just sent renewed the lease, and
    /// while the load keeps moving the reports are one per floor, not one per floor plus one per interval.
    /// </summary>
    private async Task WaitForNextReportAsync(Uri locator, TimeSpan wait, LoadMark sent, CancellationToken cancellationToken)
    {
        if (options.ReportOnChange is not { } floor || wait <= floor)
        {
            await Task.Delay(wait, time, cancellationToken);
            return;
        }

        var start = time.GetTimestamp();
        await Task.Delay(floor, time, cancellationToken);
        while (true)
        {
            // Taken before the read, so a session that moves after it wakes the wait below.
            var changed = watch.NextChange();
            var now = watch.Read();
            if (now.MovedFrom(sent, options.ReportChangeThreshold))
            {
                Log.LoadMoved(logger, locator, sent.Sessions, now.Sessions, sent.HealthyMembers, now.HealthyMembers);
                return;
            }

            var left = wait - time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var look = Task.Delay(WholeMilliseconds(left < floor ? left : floor), time, wake.Token);
            await Task.WhenAny(changed, look);
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// <paramref name="wait"/> rounded up to whole milliseconds. <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>
    /// drops the fraction of a millisecond and completes at once when less than one is left: the last look
    /// would end short of the wait, and every look after it complete at once, the loop spinning without a
    /// pause until the clock passed the wait (up to a millisecond of a busy core on the system clock, for
    /// ever on a clock that moves only when told). Rounded up, a look ends at or after the wait.
    /// </summary>
    private static TimeSpan WholeMilliseconds(TimeSpan wait) =>
        TimeSpan.FromTicks((wait.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond);

    /// <summary>
    /// The wait before the next report: 90–100 % of the interval, at random. Controllers started
    /// together would otherwise report in step for ever, and a locator sees a fixed phase between
    /// two clusters' reports: each report frees the sessions closed since the last, so a fixed phase
    /// tilts placements toward one cluster for the whole run. Never longer than the interval, so the
    /// lease (three intervals) keeps its margin.
    /// </summary>
    internal static TimeSpan Spread(TimeSpan interval) => interval * (0.9 + (Random.Shared.NextDouble() * 0.1));

    /// <summary>Exponential from the interval, capped at <see cref="MaxBackoff"/>, jittered to half–full so controllers do not retry in step.</summary>
    internal static TimeSpan Backoff(TimeSpan interval, int failures)
    {
        var ceiling = Math.Min(interval.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 16)), Math.Max(MaxBackoff.TotalMilliseconds, interval.TotalMilliseconds));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    private static string NewIncarnation() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>One report; the locator's answer, or null after logging why it failed.</summary>
    private async Task<ReportAccepted?> SendAsync(Uri locator, CancellationToken cancellationToken)
    {
        string incarnation;
        long seq;
        lock (_gate)
        {
            incarnation = _incarnation;
            seq = ++_seq;
            _newestSent[locator] = seq;
        }

        var report = new ClusterReport
        {
            Service = options.Service,
            Incarnation = incarnation,
            Seq = seq,
            Endpoints = endpoints.Current,
            Zone = options.Zone,
            State = _state,
            Load = load.GetLoad(),
        };

        try
        {
            using var request = Request(HttpMethod.Put, locator);
            request.Content = JsonContent.Create(report, ProtocolJsonContext.Default.ClusterReport);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                var accepted = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ReportAccepted, timeout.Token);
                Log.Reported(logger, locator, report.Seq.Value, accepted?.Health ?? 0);
                return accepted;
            }

            var detail = await ProblemDetailAsync(response, timeout.Token);
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized:
                    Log.Unauthorized(logger, locator);
                    break;
                case HttpStatusCode.Conflict:
                    OnOutOfOrder(locator, incarnation, seq, detail);
                    break;
                case HttpStatusCode.TooManyRequests:
                    // The locator is at a limit: not this controller's configuration, and retried on the backoff.
                    Log.LocatorFailed(logger, locator, $"429: {detail}");
                    break;
                case < HttpStatusCode.InternalServerError:
                    Log.Rejected(logger, locator, (int)response.StatusCode, detail);
                    break;
                default:
                    Log.LocatorFailed(logger, locator, $"{(int)response.StatusCode}: {detail}");
                    break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
        {
            // Stopping, or the host torn down without a stop (its HTTP client with it): nothing to report.
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException)
        {
            Log.LocatorFailed(logger, locator, ex is OperationCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0.#}s" : ex.Message);
        }

        return null;
    }

    /// <summary>
    /// A refused report that crossed a newer one on its way to the locator is harmless. When the
    /// newest report sent to that locator is refused, though, the locator holds a higher seq of this
    /// incarnation than this controller ever sent: someone else reported under it, and every later
    /// report would be refused too. A new incarnation replaces theirs at every locator.
    /// </summary>
    private void OnOutOfOrder(Uri locator, string incarnation, long seq, string detail)
    {
        lock (_gate)
        {
            if (incarnation != _incarnation || _newestSent.GetValueOrDefault(locator) != seq)
            {
                Log.OutOfOrder(logger, locator, detail);
                return;
            }

            _incarnation = NewIncarnation();
            _seq = 0;
            Log.IncarnationReplaced(logger, locator, incarnation, seq, _incarnation, detail);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri locator, string query = "")
    {
        var request = new HttpRequestMessage(method, new Uri(locator, $"v1/clusters/{Uri.EscapeDataString(options.ClusterId)}{query}"));
        if (options.Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        }

        return request;
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.Problem, cancellationToken);
            return problem?.Detail ?? response.ReasonPhrase ?? string.Empty;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            return response.ReasonPhrase ?? string.Empty;
        }
    }

    public override void Dispose()
    {
        _loopsStopped.Dispose();
        base.Dispose();
    }
}
