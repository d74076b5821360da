using System.Globalization;
using System.Net;
using ClusterLocator.Fuzz.Dns;

namespace ClusterLocator.Fuzz;

/// <summary>
/// The fuzzer's command line, for bench/fuzz.sh: runs against a locator already started, prints a
/// progress line per batch and a <c>key=value</c> summary, and exits 1 when a check failed, 2 on a bad
/// command line.
/// </summary>
internal static class Program
{
    private const string Usage = "usage: ClusterLocator.Fuzz --locator http://127.0.0.1:PORT/ [--requests 1000000] [--seed 1] [--connections 8] [--batch 20000]\n       ClusterLocator.Fuzz --dns 127.0.0.1:PORT [--requests 1000000] [--seed 1] [--batch 20000]";

    public static async Task<int> Main(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        // Locate over DNS: packets to its DNS interface instead of requests to its API.
        if (args.Length % 2 == 0 && values.TryGetValue("--dns", out var dns) && IPEndPoint.TryParse(dns, out var server)
            && !values.Keys.Except(["--dns", "--requests", "--seed", "--batch"]).Any())
        {
            return await RunDnsAsync(server, values);
        }

        if (args.Length % 2 != 0 || !values.TryGetValue("--locator", out var locator) || !Uri.TryCreate(locator, UriKind.Absolute, out var url)
            || values.Keys.Except(["--locator", "--requests", "--seed", "--connections", "--batch"]).FirstOrDefault() is { } unknown && unknown.Length > 0)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        long Number(string name, long fallback) => values.TryGetValue(name, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var settings = new FuzzSettings
        {
            Locator = url,
            Requests = Number("--requests", 1_000_000),
            Seed = (int)Number("--seed", 1),
            Connections = (int)Number("--connections", 8),
            BatchSize = (int)Number("--batch", 20_000),
        };

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        var outcome = await FuzzRun.RunAsync(settings, Console.Error, stop.Token);
        FuzzSummary.Write(Console.Out, settings, outcome);
        return outcome.Passed ? 0 : 1;
    }

    private static async Task<int> RunDnsAsync(IPEndPoint server, Dictionary<string, string> values)
    {
        long Number(string name, long fallback) => values.TryGetValue(name, out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var outcome = await DnsFuzzRun.RunAsync(server, Number("--requests", 1_000_000), (int)Number("--seed", 1), (int)Number("--batch", 20_000), Console.Error, CancellationToken.None);
        Console.Out.WriteLine(FormattableString.Invariant($"packets={outcome.Packets} answers={outcome.Answers} probes={outcome.Probes} probes_unanswered={outcome.ProbesUnanswered} seconds={outcome.Seconds:0.0} packets_per_s={outcome.Packets / Math.Max(outcome.Seconds, 0.001):0} passed={(outcome.Passed ? "yes" : "no")}"));
        return outcome.Passed ? 0 : 1;
    }
}
