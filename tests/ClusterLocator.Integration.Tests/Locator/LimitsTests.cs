using System.Net;
using System.Net.Sockets;
using System.Text;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Locator;
using ClusterLocator.Locator.Hosting;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Locator;

/// <summary>The locator's limits, each as the attack it stops, over loopback.</summary>
public sealed class LimitsTests
{
    private const string Token = "0123456789abcdef-controller-token";
    private const string RegistryCategory = "ClusterLocator.Locator.Api.RegistryEndpoints";

    [Fact]
    public async Task Register_ClusterAfterClusterPastMaxClusters_IsRefusedNamingTheFlag_AndTheKnownKeepWorking()
    {
        await using var locator = await TestLocator.StartAsync(options => options.MaxClusters = 5);
        for (var i = 0; i < 5; i++)
        {
            await locator.RegisterAsync($"c{i}", Reports.Create(tcp: $"127.0.0.1:{9000 + i}"));
        }

        for (var i = 5; i < 25; i++)
        {
            using var refused = await locator.ReportAsync($"c{i}", Reports.Create(service: $"s{i}"));

            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            var problem = await locator.ProblemAsync(refused);
            Assert.Equal(ProblemTypes.LimitReached, problem.Type);
            Assert.Contains("--max-clusters", problem.Detail, StringComparison.Ordinal);
            Assert.Contains("LocatorOptions.MaxClusters", problem.Detail, StringComparison.Ordinal);
        }

        for (var i = 0; i < 5; i++)
        {
            await locator.RegisterAsync($"c{i}", Reports.Create(seq: 2, sessions: 10, tcp: $"127.0.0.1:{9000 + i}"));
        }

        var placement = await locator.LocateOkAsync("service=erp");
        Assert.StartsWith("c", placement.ClusterId, StringComparison.Ordinal);
        var listed = (await locator.ClustersAsync()).Clusters;
        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], listed.Select(c => c.ClusterId));
        Assert.All(listed, c => Assert.Equal(10, c.Load.Sessions));
    }

    [Fact]
    public async Task Register_PastMaxClustersPerService_NamesThatFlag()
    {
        await using var locator = await TestLocator.StartAsync(options => options.MaxClustersPerService = 2);
        await locator.RegisterAsync("a", Reports.Create());
        await locator.RegisterAsync("b", Reports.Create());

        using var refused = await locator.ReportAsync("c", Reports.Create());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("--max-clusters-per-service", (await locator.ProblemAsync(refused)).Detail, StringComparison.Ordinal);
        await locator.RegisterAsync("d", Reports.Create(service: "crm"));
    }

    [Fact]
    public async Task RefusedWriteFlood_FromOneSource_LogsABoundedNumberOfLinesWithTheCount()
    {
        var logs = new ListLoggerProvider();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var app = await StartAsync(options => options.ControllerToken = Token, time, logs);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + "/") };

        // 1 000 writes with no token, 8 at a time.
        await Parallel.ForAsync(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await http.PutAsync($"v1/clusters/c{i}", content, token).DefaultTimeout();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        });
        time.Advance(TimeSpan.FromSeconds(10));

        await Eventually.HoldsAsync(() => logs.EntriesOf(RegistryCategory).Any(e => e.Id.Id == 651), "the line that counts the refusals left out");
        var lines = logs.EntriesOf(RegistryCategory);
        Assert.Single(lines, e => e.Id.Id == 301);
        var count = Assert.Single(lines, e => e.Id.Id == 651);
        Assert.Contains("Refused 999 more writes from 127.0.0.1", count.Message, StringComparison.Ordinal);
        await app.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Metrics_WritesAndLocatesForUnknownIds_CreateNoSeries()
    {
        await using var locator = await TestLocator.StartAsync(options => options.MaxClusters = 1);
        using (var invalid = await locator.ReportAsync("ghost-invalid", Reports.Create(capacity: 0)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        }

        await locator.RegisterAsync("known-1", Reports.Create());
        using (var refused = await locator.ReportAsync("ghost-limited", Reports.Create(service: "ghost-service")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        using (var unknown = await locator.LocateAsync("service=ghost-located"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unknown.StatusCode);
        }

        await locator.LocateOkAsync("service=erp");

        var text = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                text = await locator.Http.GetStringAsync("metrics");
                return text.Contains("clusterlocator_placements_total{", StringComparison.Ordinal) && text.Contains("cluster_id=\"known-1\"", StringComparison.Ordinal);
            },
            "the placement on the known cluster to show in /metrics");
        Assert.DoesNotContain("ghost", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_PastMaxConnections_AreNotServed_AndTheOthersStillAre()
    {
        await using var app = await StartAsync(options => options.MaxConnections = 2, TimeProvider.System);
        var endPoint = EndPointOf(app);
        using var first = await LoopbackSocket.ConnectAsync(endPoint);
        using var second = await LoopbackSocket.ConnectAsync(endPoint);
        Assert.StartsWith("HTTP/1.1 200", await RequestStatusAsync(first), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", await RequestStatusAsync(second), StringComparison.Ordinal);

        using var third = await LoopbackSocket.ConnectAsync(endPoint);

        Assert.Equal(string.Empty, await RequestStatusAsync(third));
        Assert.StartsWith("HTTP/1.1 200", await RequestStatusAsync(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowHeaders_AreCutOffAfterTheHeadersTimeout()
    {
        await using var app = await StartAsync(options => options.RequestHeadersTimeout = TimeSpan.FromSeconds(1), TimeProvider.System);
        using var slow = await LoopbackSocket.ConnectAsync(EndPointOf(app));

        // The request line and one header, and then nothing: the headers never end.
        await slow.SendAllAsync(Encoding.ASCII.GetBytes("GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var answer = await ReadToEndAsync(slow);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"Cut after {watch.Elapsed}.");
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
    }

    /// <summary>A locator on loopback port 0 on <paramref name="time"/>, logging to <paramref name="logs"/> when given.</summary>
    private static async Task<WebApplication> StartAsync(Action<LocatorOptions> configure, TimeProvider time, ILoggerProvider? logs = null)
    {
        var options = new LocatorOptions { WarmUp = TimeSpan.Zero };
        options.Urls.Add("http://127.0.0.1:0");
        configure(options);
        var app = LocatorHost.Build(options, time, new Random(1), logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        await app.StartAsync().DefaultTimeout();
        return app;
    }

    private static IPEndPoint EndPointOf(WebApplication app) => new(IPAddress.Loopback, new Uri(app.Urls.First()).Port);

    /// <summary>Sends a keep-alive status request; the status line of the answer, or empty when the connection ends first.</summary>
    private static async Task<string> RequestStatusAsync(Socket socket)
    {
        try
        {
            await socket.SendAllAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));

            // The whole answer (chunked: it ends with the last chunk), so the next request reads its own.
            var text = new StringBuilder();
            var buffer = new byte[4096];
            int read;
            while (!text.ToString().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)
                && (read = await socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout()) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return text.ToString().Split("\r\n")[0];
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout()) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // Reset rather than closed: cut off all the same.
        }

        return text.ToString();
    }
}
