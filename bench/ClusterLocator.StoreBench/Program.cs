using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ClusterLocator.StoreBench;

/// <summary>
/// Simulated controllers for bench/run-etcd.sh. Prints <c>key=value</c> lines; exits 1 when a
/// check fails, 2 on a bad command line.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage:
          ClusterLocator.StoreBench register --locator URL --clusters N [--service bench] [--prefix bench-] [--capacity 1000]
          ClusterLocator.StoreBench ingest --locator URL --clusters N [--observer URL] [--etcd-metrics URL]
                                           [--pids name:PID,…] [--phases idle:10,steady:30,moving:30,flat:20]
                                           [--warm-up 5] [--interval-ms 1000] [--concurrency 64]
        Phases: idle (no reports: the lag of a quiet store), steady (every cluster reports every interval,
        its health unchanged), moving (the same, health moving by 0.3 every report), flat (reports as
        fast as --concurrency connections allow, health unchanged).
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (args.Length == 0 || (args.Length - 1) % 2 != 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        for (var i = 1; i < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        string Get(string name, string fallback) => options.TryGetValue(name, out var v) ? v : fallback;
        int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        if (!options.TryGetValue("--locator", out var locator))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var concurrency = GetInt("--concurrency", 64);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        var bench = new Bench(http, new Uri(locator.TrimEnd('/') + "/"), GetInt("--clusters", 1000), Get("--service", "ing"), Get("--prefix", "ing-"), concurrency, GetInt("--capacity", 1000));
        switch (args[0])
        {
            case "register":
                var failed = await bench.RegisterAllAsync(new Phase("steady", 0));
                Console.WriteLine($"registered={bench.Clusters - failed} failed={failed}");
                return failed == 0 ? 0 : 1;
            case "ingest":
                var observer = options.TryGetValue("--observer", out var o) ? new Uri(o.TrimEnd('/') + "/") : null;
                var metrics = options.TryGetValue("--etcd-metrics", out var m) ? new Uri(m) : null;
                var pids = Get("--pids", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => p.Split(':')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
                var phases = Get("--phases", "idle:10,steady:30,moving:30,flat:20").Split(',')
                    .Select(p => p.Split(':')).Select(p => new Phase(p[0], int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
                return await bench.IngestAsync(phases, GetInt("--warm-up", 5), TimeSpan.FromMilliseconds(GetInt("--interval-ms", 1000)), observer, metrics, pids)
                    ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }
}

internal sealed record Phase(string Mode, int Seconds);

/// <summary>What one measured window saw.</summary>
internal sealed class Window
{
    public long Sent;
    public long Accepted;
    public long Failed;
    public double MaxBehindMs;
    public ConcurrentQueue<double> LatencyMs { get; } = new();
    public ConcurrentQueue<double> LagMs { get; } = new();
    public int LagTimeouts;
}

internal sealed class Bench(HttpClient http, Uri locator, int clusters, string service, string prefix, int concurrency, int capacity)
{
    private readonly long[] _seq = new long[clusters];
    private readonly string _incarnation = "bench-" + Guid.NewGuid().ToString("N")[..8];
    private int _lagProbes;

    public int Clusters => clusters;

    /// <summary>Registers every cluster once; returns how many failed.</summary>
    public async Task<int> RegisterAllAsync(Phase phase)
    {
        var window = new Window();
        await Parallel.ForEachAsync(Enumerable.Range(0, clusters), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await ReportAsync(i, phase, window));
        return (int)window.Failed;
    }

    public async Task<bool> IngestAsync(List<Phase> phases, int warmUp, TimeSpan interval, Uri? observer, Uri? metrics, Dictionary<string, int> pids)
    {
        Console.WriteLine($"clusters={clusters} interval_ms={interval.TotalMilliseconds} concurrency={concurrency} warm_up_s={warmUp}");
        var ok = true;
        var registered = false;
        foreach (var phase in phases)
        {
            if (phase.Mode != "idle" && !registered)
            {
                var failed = await RegisterAllAsync(phase);
                Console.WriteLine($"registered={clusters - failed}");
                registered = true;
            }

            if (phase.Mode != "idle")
            {
                await RunAsync(phase with { Seconds = warmUp }, interval, new Window(), observer: null);
            }

            var before = await SnapshotAsync(metrics, pids);
            var window = new Window();
            var clock = Stopwatch.StartNew();
            await RunAsync(phase, interval, window, observer);
            var seconds = clock.Elapsed.TotalSeconds;
            var after = await SnapshotAsync(metrics, pids);
            Print(phase, window, seconds, before, after);
            ok &= window.Failed == 0 && window.LagTimeouts == 0;
        }

        if (observer is not null && registered)
        {
            // Every simulated cluster reached the other locator through etcd.
            using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri(observer, $"v1/clusters?service={service}")));
            var seen = doc.RootElement.GetProperty("clusters").EnumerateArray().Count(c => c.GetProperty("state").GetString() == "active");
            Console.WriteLine($"observer_active_clusters={seen}");
            ok &= seen == clusters;
        }

        return ok;
    }

    private async Task RunAsync(Phase phase, TimeSpan interval, Window window, Uri? observer)
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(phase.Seconds));
        var lag = observer is null ? Task.CompletedTask : LagLoopAsync(observer, window, stop.Token);
        switch (phase.Mode)
        {
            case "idle":
                await lag;
                break;
            case "flat":
                var next = -1;
                var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(
                    async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await ReportAsync((int)((uint)Interlocked.Increment(ref next) % (uint)clusters), phase, window);
                    }
                },
                    CancellationToken.None));
                await Task.WhenAll([.. workers, lag]);
                break;
            default:
                await PacedAsync(phase, interval, window, stop.Token);
                await lag;
                break;
        }
    }

    /// <summary>Cluster i reports at i/N of every interval; reports due are sent every few milliseconds.</summary>
    private async Task PacedAsync(Phase phase, TimeSpan interval, Window window, CancellationToken stop)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var pending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        var step = interval.TotalSeconds * Stopwatch.Frequency / clusters;
        long k = 0;
        while (!stop.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (start + (long)(k * step) <= now)
            {
                window.MaxBehindMs = Math.Max(window.MaxBehindMs, (now - start - (k * step)) * 1000.0 / Stopwatch.Frequency);
                await gate.WaitAsync(CancellationToken.None);
                var i = (int)(k % clusters);
                pending.Add(Task.Run(
                    async () =>
                    {
                        try
                        {
                            await ReportAsync(i, phase, window);
                        }
                        finally
                        {
                            gate.Release();
                        }
                    },
                    CancellationToken.None));
                k++;
            }

            pending.RemoveAll(t => t.IsCompleted);
            try
            {
                await Task.Delay(4, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(pending);
    }

    private async Task ReportAsync(int i, Phase phase, Window window)
    {
        var seq = Interlocked.Increment(ref _seq[i]);
        // Steady: the same load every time. Moving: cpu 0.2 / 0.5 by turns, health 0.8 / 0.5.
        var cpu = phase.Mode == "moving" ? (seq % 2 == 0 ? 0.2 : 0.5) : 0.3 + (i % 10 * 0.02);
        var body = Body(service, seq, 9000 + (i % 50000), cpu);
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref window.Sent);
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var answer = await http.PutAsync(new Uri(locator, $"v1/clusters/{prefix}{i:D5}"), content);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref window.Accepted);
            }
            else
            {
                Interlocked.Increment(ref window.Failed);
                await Console.Error.WriteLineAsync($"report {prefix}{i:D5}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            }
        }
        catch (HttpRequestException ex)
        {
            Interlocked.Increment(ref window.Failed);
            await Console.Error.WriteLineAsync($"report {prefix}{i:D5}: {ex.Message}");
        }

        window.LatencyMs.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private string Body(string serviceName, long seq, int port, double cpu) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"service":"{{{serviceName}}}","incarnation":"{{{_incarnation}}}","seq":{{{seq}}},"endpoints":[{"protocol":"tcp","address":"127.0.0.1:{{{port}}}"}],"zone":"z1","state":"active","load":{"sessions":0,"capacity":{{{capacity}}},"cpu":{{{cpu:0.00}}},"memory":0.1,"healthyMembers":3,"members":3}}
        """);

    /// <summary>Every half second: a new cluster registered at the locator, timed until the observer lists it.</summary>
    private async Task LagLoopAsync(Uri observer, Window window, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _lagProbes);
            var id = $"lag-{n:D5}";
            var lagService = $"lag{n}";
            using (var content = new StringContent(Body(lagService, 1, 9000, 0.3), Encoding.UTF8, "application/json"))
            using (var answer = await http.PutAsync(new Uri(locator, $"v1/clusters/{id}"), content, CancellationToken.None))
            {
                answer.EnsureSuccessStatusCode();
            }

            var registered = Stopwatch.GetTimestamp();
            var seen = false;
            while (Stopwatch.GetElapsedTime(registered) < TimeSpan.FromSeconds(10))
            {
                var list = await http.GetStringAsync(new Uri(observer, $"v1/clusters?service={lagService}"), CancellationToken.None);
                if (list.Contains(id, StringComparison.Ordinal))
                {
                    window.LagMs.Enqueue(Stopwatch.GetElapsedTime(registered).TotalMilliseconds);
                    seen = true;
                    break;
                }

                await Task.Delay(1, CancellationToken.None);
            }

            if (!seen)
            {
                window.LagTimeouts++;
            }

            using (await http.DeleteAsync(new Uri(locator, $"v1/clusters/{id}?incarnation={_incarnation}"), CancellationToken.None))
            {
            }

            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<Dictionary<string, double>> SnapshotAsync(Uri? metrics, Dictionary<string, int> pids)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        if (metrics is not null)
        {
            var text = await http.GetStringAsync(metrics);
            values["puts"] = Sum(text, "etcd_mvcc_put_total", null);
            values["deletes"] = Sum(text, "etcd_mvcc_delete_total", null);
            values["renewals"] = Sum(text, "etcd_debugging_lease_renewed_total", null);
            values["grants"] = Sum(text, "etcd_debugging_lease_granted_total", null);
            values["revokes"] = Sum(text, "etcd_debugging_lease_revoked_total", null);
            values["proposals"] = Sum(text, "etcd_server_proposals_committed_total", null);
            values["keepalive_streams"] = Sum(text, "grpc_server_started_total", "grpc_method=\"LeaseKeepAlive\"");
            values["fsync_seconds"] = Sum(text, "etcd_disk_wal_fsync_duration_seconds_sum", null);
            values["fsyncs"] = Sum(text, "etcd_disk_wal_fsync_duration_seconds_count", null);
        }

        foreach (var (name, pid) in pids)
        {
            // utime + stime, in clock ticks (100 a second on Linux).
            var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            values["cpu_" + name] = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100;
        }

        return values;
    }

    private static double Sum(string text, string name, string? label) => text.Split('\n')
        .Where(l => l.StartsWith(name, StringComparison.Ordinal) && (l.Length > name.Length && (l[name.Length] == ' ' || l[name.Length] == '{')))
        .Where(l => label is null || l.Contains(label, StringComparison.Ordinal))
        .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static void Print(Phase phase, Window w, double seconds, Dictionary<string, double> before, Dictionary<string, double> after)
    {
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"phase={phase.Mode} seconds={seconds:0.0} sent={w.Sent} accepted={w.Accepted} failed={w.Failed} reports_per_s={w.Accepted / seconds:0}");
        var latency = w.LatencyMs.Order().ToArray();
        if (latency.Length > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" report_p50_ms={Pct(latency, 0.5):0.00} report_p99_ms={Pct(latency, 0.99):0.00} scheduler_max_behind_ms={w.MaxBehindMs:0}");
        }

        foreach (var (key, value) in after)
        {
            var delta = value - before[key];
            line.Append(CultureInfo.InvariantCulture, $" {key}{(key.StartsWith("cpu_", StringComparison.Ordinal) ? "_cores" : "_per_s")}={delta / seconds:0.00}");
        }

        if (after.TryGetValue("fsyncs", out var fsyncs) && fsyncs > before["fsyncs"])
        {
            line.Append(CultureInfo.InvariantCulture, $" fsync_mean_ms={(after["fsync_seconds"] - before["fsync_seconds"]) * 1000 / (fsyncs - before["fsyncs"]):0.00}");
        }

        var lag = w.LagMs.Order().ToArray();
        if (lag.Length > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" lag_n={lag.Length} lag_p50_ms={Pct(lag, 0.5):0.0} lag_p99_ms={Pct(lag, 0.99):0.0} lag_max_ms={lag[^1]:0.0} lag_timeouts={w.LagTimeouts}");
        }

        Console.WriteLine(line);
    }

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
