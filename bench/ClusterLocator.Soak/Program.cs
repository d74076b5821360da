using System.Globalization;
using System.Net;

namespace ClusterLocator.Soak;

/// <summary>
/// The soak's processes, for bench/soak.sh: <c>echo</c> serves members for the real controllers;
/// <c>run</c> drives the simulated clusters, the SDK clients and the locate probe for a duration and
/// prints a <c>key=value</c> summary (exit 1 when a session set-up failed, 2 on a bad command line).
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage:
          ClusterLocator.Soak echo --listen IP:PORT [--listen IP:PORT ...]
          ClusterLocator.Soak run --locators URL,URL,URL [--service soak] [--clusters 1000] [--clients 1000] [--duration 600] [--think-ms 1000]
        """;

    public static async Task<int> Main(string[] args)
    {
        var values = new List<KeyValuePair<string, string>>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values.Add(new(args[i], args[i + 1]));
        }

        string? Value(string name) => values.LastOrDefault(v => v.Key == name).Value;
        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        // Not disposed: ProcessExit may cancel it after Main has returned.
        var stop = new CancellationTokenSource();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        switch (args.FirstOrDefault())
        {
            case "echo" when values.Count > 0 && values.All(v => v.Key == "--listen"):
            {
                var listeners = values.Select(v => new EchoListener(IPEndPoint.Parse(v.Value))).ToList();
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }

                foreach (var listener in listeners)
                {
                    await listener.DisposeAsync();
                }

                return 0;
            }

            case "run" when Value("--locators") is { } list:
            {
                var locators = list.Split(',').Select(u => new Uri(u.EndsWith('/') ? u : u + "/")).ToList();
                var service = Value("--service") ?? "soak";
                var duration = TimeSpan.FromSeconds(Number("--duration", 600));
                var think = TimeSpan.FromMilliseconds(Number("--think-ms", 1000));
                return await SoakRun.RunAsync(locators, service, Number("--clusters", 1000), Number("--clients", 1000), duration, think, stop.Token);
            }

            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
