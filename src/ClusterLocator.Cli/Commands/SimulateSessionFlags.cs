using System.CommandLine;
using System.Globalization;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Cli.Commands;

/// <summary>The flags of <c>simulate --model sessions</c>: the fleet, the clients and the session durations, files read here.</summary>
internal sealed class SimulateSessionFlags
{
    private static readonly SessionSimulationOptions Defaults = new();

    private readonly Option<string> _capacities = Flag(
        "--capacities", "N,N,…", "the clusters' capacities, comma-separated (sessions each holds at once).", string.Join(',', Defaults.Clusters.Select(c => c.Capacity)));

    private readonly Option<FileInfo> _fleet = CliOptions.File(
        "--fleet",
        """Sessions model: the fleet as JSON, {"clusters":[{"id":"small","capacity":20}, …]}, instead of --capacities.""");

    private readonly Option<int> _clients = Flag(
        "--clients", "N", "clients, each opening a session as soon as its last one ends (the demo's closed loop).", Defaults.Clients);

    private readonly Option<string> _duration = Flag(
        "--duration", "exp|lognormal|fixed|FILE.csv", "how long a session holds its slot: exp, lognormal or fixed (with --duration-mean), or a CSV trace FILE.csv (one duration in time units per line).", "exp");

    private readonly Option<double> _durationMean = Flag(
        "--duration-mean", "MEAN", "the mean session duration in time units (the report interval is in the same units).", Defaults.DurationMean);

    private readonly Option<double> _durationSigma = Flag(
        "--duration-sigma", "SIGMA", "with --duration lognormal, the standard deviation of the duration's logarithm (1 gives a long tail).", Defaults.DurationSigma);

    /// <summary>The validator's property names of the sessions model, with their flags.</summary>
    public static IEnumerable<KeyValuePair<string, string>> FlagsByProperty { get; } = new Dictionary<string, string>
    {
        ["SessionSimulationOptions.Clusters"] = "--capacities",
        ["SessionSimulationOptions.Clients"] = "--clients",
        ["SessionSimulationOptions.DurationMean"] = "--duration-mean",
        ["SessionSimulationOptions.DurationSigma"] = "--duration-sigma",
        ["SessionSimulationOptions.DurationTrace"] = "--duration",
    };

    /// <summary>The options to add to the command.</summary>
    public IEnumerable<Option> All => [_capacities, _fleet, _clients, _duration, _durationMean, _durationSigma];

    /// <summary><c>--capacities</c>, which <c>--fleet</c> replaces.</summary>
    public Option Capacities => _capacities;

    /// <summary>The <c>--fleet</c> file given; null when the fleet comes from <c>--capacities</c>.</summary>
    public FileInfo? FleetOf(ParseResult parsed) => parsed.GetValue(_fleet);

    /// <summary>
    /// <paramref name="common"/> with the sessions model's settings from <paramref name="parsed"/>,
    /// reading the fleet and trace files; every problem, naming its flag, goes to <paramref name="problems"/>.
    /// </summary>
    public SessionSimulationOptions Apply(SessionSimulationOptions common, ParseResult parsed, List<string> problems)
    {
        var options = common with
        {
            Clients = parsed.GetValue(_clients),
            DurationMean = parsed.GetValue(_durationMean),
            DurationSigma = parsed.GetValue(_durationSigma),
        };

        if (parsed.GetValue(_fleet) is { } fleet)
        {
            var clusters = Read(fleet, "--fleet", problems, text => FleetFile.Parse(text, out var errors) is { } c ? (c, errors) : (null, errors));
            options = options with { Clusters = clusters ?? options.Clusters };
        }
        else
        {
            options = options with { Clusters = ParseCapacities(parsed.GetValue(_capacities) ?? "", problems) ?? options.Clusters };
        }

        var duration = parsed.GetValue(_duration) ?? "";
        if (Enum.TryParse<DurationKind>(duration, ignoreCase: true, out var kind) && kind != DurationKind.Trace && !int.TryParse(duration, out _))
        {
            return options with { Duration = kind };
        }

        if (!duration.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"--duration '{duration}' is not a duration model: use exp, lognormal, fixed or a trace FILE.csv.");
            return options;
        }

        var trace = Read(new FileInfo(duration), "--duration", problems, text => (DurationTraceFile.Parse(text.Split('\n'), out var errors), errors));
        return trace is null ? options : options with { Duration = DurationKind.Trace, DurationTrace = trace };
    }

    private static Option<T> Flag<T>(string name, string helpName, string description, T defaultValue) => new(name)
    {
        Description = "Sessions model: " + description,
        HelpName = helpName,
        DefaultValueFactory = _ => defaultValue,
    };

    private static List<SimulatedCluster>? ParseCapacities(string text, List<string> problems)
    {
        var clusters = new List<SimulatedCluster>();
        foreach (var field in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity))
            {
                problems.Add($"--capacities '{field}' is not a capacity: give whole numbers of sessions, comma-separated, e.g. 20,40,60.");
                return null;
            }

            clusters.Add(new SimulatedCluster("c" + (clusters.Count + 1).ToString(CultureInfo.InvariantCulture), capacity));
        }

        return clusters;
    }

    private static T? Read<T>(FileInfo file, string flag, List<string> problems, Func<string, (T? Value, IReadOnlyList<string> Errors)> parse)
        where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{flag} {file.Name}: cannot read it ({ex.Message}).");
            return null;
        }

        var (value, errors) = parse(text);
        problems.AddRange(errors.Select(e => $"{flag} {file.Name}: {e}"));
        return value;
    }
}
