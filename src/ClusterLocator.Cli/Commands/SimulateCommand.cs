using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterLocator.Cli.Output;
using ClusterLocator.Locator.Simulation;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator simulate</c>: the real placement policies over a simulated fleet, on virtual time.</summary>
internal static class SimulateCommand
{
    private const string QueueModel = "queue";

    private const string SessionsModel = "sessions";

    // Properties every model's options have, named after the model's options type.
    private static readonly Dictionary<string, string> CommonFlags = new()
    {
        ["ReportInterval"] = "--report-interval",
        ["Locators"] = "--locators",
        ["Arrivals"] = "--arrivals",
        ["WarmUp"] = "--warm-up",

        // Fresher information: shared placement counts and change-triggered reports.
        ["ShareInterval"] = "--share-interval",
        ["ReportOnChange"] = "--report-on-change",
        ["ReportChangeThreshold"] = "--report-change-threshold",
    };

    private static readonly OptionFlags Flags = new(
        new[] { nameof(QueueSimulationOptions), nameof(SessionSimulationOptions) }
            .SelectMany(type => CommonFlags.Select(p => KeyValuePair.Create(type + "." + p.Key, p.Value)))
            .Concat(SimulateSessionFlags.FlagsByProperty)
            .Append(KeyValuePair.Create("QueueSimulationOptions.Clusters", "--clusters"))
            .Append(KeyValuePair.Create("QueueSimulationOptions.Load", "--load"))
            .ToDictionary());

    public static Command Create(TextWriter output, TextWriter error)
    {
        var defaults = new QueueSimulationOptions();
        var model = new Option<string>("--model")
        {
            Description = $"The fleet model. '{QueueModel}': each cluster one FIFO server, service times exponential with mean 1 (the time unit). '{SessionsModel}': clusters of --capacities, sessions holding a slot for a --duration, closed-loop --clients, a session placed on a full cluster refused.",
            HelpName = "MODEL",
            DefaultValueFactory = _ => QueueModel,
        };
        var policies = new Option<string>("--policy")
        {
            Description = $"The policies to compare, comma-separated: {string.Join(", ", SimulationPolicies.All)}. '{SimulationPolicies.Random}' and '{SimulationPolicies.ShortestQueue}' (the shortest queue, seen fresh: an oracle) are baselines.",
            HelpName = "LIST",
            DefaultValueFactory = _ => string.Join(',', SimulationPolicies.All),
        };
        var clusters = new Option<int>("--clusters") { Description = $"Queue model: how many clusters.", HelpName = "N", DefaultValueFactory = _ => defaults.Clusters };
        var load = new Option<double>("--load") { Description = $"Queue model: arrivals per time unit per cluster, below 1 (1 would saturate every server).", HelpName = "RHO", DefaultValueFactory = _ => defaults.Load };
        var interval = new Option<double>("--report-interval") { Description = $"Time units between two reports of a cluster (its queue length, as sessions).", HelpName = "T", DefaultValueFactory = _ => defaults.ReportInterval };
        var phase = new Option<ReportPhase>("--report-phase") { Description = "sync: every cluster reports at the same instants; spread: each at its own random phase, as real controllers do.", HelpName = "sync|spread", DefaultValueFactory = _ => defaults.ReportPhase };
        var locators = new Option<int>("--locators") { Description = $"How many locators share the arrivals at random; each sees every report, counts its own placements and hands them to the others every --share-interval.", HelpName = "K", DefaultValueFactory = _ => defaults.Locators };
        var arrivals = new Option<long>("--arrivals") { Description = $"Arrivals (sessions opened or refused) measured per policy.", HelpName = "N", DefaultValueFactory = _ => defaults.Arrivals };
        var warmUp = new Option<long>("--warm-up") { Description = $"Arrivals simulated before measuring, so the queues are in their steady state.", HelpName = "N", DefaultValueFactory = _ => defaults.WarmUp };
        var seed = new Option<int>("--seed") { Description = $"The seed of every random draw: the same seed gives the same figures, and every policy sees the same arrivals.", HelpName = "N", DefaultValueFactory = _ => defaults.Seed };
        var plot = new SimulatePlotFlags();
        var shareInterval = TimeUnitsOrOffOption("--share-interval", "S|off", "Time units between two hand-overs of each locator's placement counts to the others (with --locators 2 or more), as the product's locators share them every --peer-sync-interval; 'off': each counts only its own. Default: the report interval / 10, as the product.");
        var reportOnChange = TimeUnitsOrOffOption("--report-on-change", "FLOOR|off", "Besides the periodic reports, a cluster reports the moment its sessions moved by --report-change-threshold since its last report, but not sooner than FLOOR time units after it; the periodic wait starts again after such a report. The controller's --report-on-change, modelled exactly. Default: off.");
        var changeThreshold = new Option<int>("--report-change-threshold") { Description = "Sessions opened or closed since the last report that trigger a report (with --report-on-change).", HelpName = "N", DefaultValueFactory = _ => defaults.ReportChangeThreshold };
        var sessionFlags = new SimulateSessionFlags();
        var json = CliOptions.Json();
        json.Description = "Print the results as JSON: per policy, policy, meanTimeInSystem, p99TimeInSystem, refused, placementShare and capacityShare (per cluster), reportsPerClusterPerUnit.";

        var command = new Command("simulate", """
            Try the placement policies on a simulated fleet before deploying one. The real selector and
            policies choose, on virtual time (no sockets, no clock), from reports that are only as fresh
            as the report interval. In the queue model arrivals are Poisson and each cluster serves one
            session at a time, so a poor choice shows as time spent queueing: it prints the mean and 99th
            percentile time in system per policy (1 is the service time alone), the ratio to 'jsq' when
            it ran, and the reports a cluster sent per time unit. In the sessions model clusters have
            capacities and closed-loop clients hold sessions: it prints the refusals and each cluster's
            share of the placements against its share of the capacity.

            Examples:
              clusterlocator simulate --policy best,p2c,jsq
              clusterlocator simulate --report-interval 0.1 --locators 3 --policy best,jsq --json
              clusterlocator simulate --report-on-change 0.1 --policy best,jsq
              clusterlocator simulate --model sessions --capacities 20,40,60 --clients 24
            """)
        {
            model, policies, clusters, load, interval, phase, locators, arrivals, warmUp, seed,
            shareInterval, reportOnChange, changeThreshold,
            json,
        };
        foreach (var option in sessionFlags.All)
        {
            command.Options.Add(option);
        }

        plot.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var problems = new List<string>();
            var modelName = parsed.GetValue(model);
            if (modelName is not (QueueModel or SessionsModel))
            {
                problems.Add($"--model '{modelName}' is not a model: use {QueueModel} or {SessionsModel}.");
            }

            var names = (parsed.GetValue(policies) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var name in names.Where(n => !SimulationPolicies.All.Contains(n)))
            {
                problems.Add($"--policy '{name}' is not a policy: use {string.Join(", ", SimulationPolicies.All)}.");
            }

            if (names.Length == 0)
            {
                problems.Add($"--policy is empty: name at least one of {string.Join(", ", SimulationPolicies.All)}.");
            }

            // The settings every model shares, onto either model's options.
            SimulationOptions Common(SimulationOptions options) => options with
            {
                ReportInterval = parsed.GetValue(interval),
                ReportPhase = parsed.GetValue(phase),
                Locators = parsed.GetValue(locators),
                Arrivals = parsed.GetValue(arrivals),
                WarmUp = parsed.GetValue(warmUp),
                Seed = parsed.GetValue(seed),
                SharePlacements = parsed.GetValue(shareInterval) is not { IsOff: true },
                ShareInterval = parsed.GetValue(shareInterval)?.Value,
                ReportOnChange = parsed.GetValue(reportOnChange)?.Value,
                ReportChangeThreshold = parsed.GetValue(changeThreshold),
            };

            var queueOnly = new Option[] { clusters, load };
            var otherModel = modelName == SessionsModel ? queueOnly : sessionFlags.All.ToArray();
            foreach (var option in otherModel.Where(o => Given(parsed, o)))
            {
                problems.Add(modelName == SessionsModel
                    ? $"{option.Name} is a flag of the queue model, not of --model {SessionsModel}: give the fleet with --capacities or --fleet, or use --model {QueueModel}."
                    : $"{option.Name} is a flag of the sessions model, not of --model {QueueModel}: add --model {SessionsModel}, or drop {option.Name}.");
            }

            var changeOn = parsed.GetValue(reportOnChange) is { IsOff: false };
            if (Given(parsed, changeThreshold) && !changeOn)
            {
                problems.Add("--report-change-threshold applies only to change-triggered reports: add --report-on-change FLOOR, or drop --report-change-threshold.");
            }

            var options = (QueueSimulationOptions)Common(new QueueSimulationOptions { Clusters = parsed.GetValue(clusters), Load = parsed.GetValue(load) });
            var sessions = modelName == SessionsModel ? sessionFlags.Apply((SessionSimulationOptions)Common(new SessionSimulationOptions()), parsed, problems) : null;
            var fleet = sessions is null ? null : sessionFlags.FleetOf(parsed);
            problems.AddRange(Flags.Rewrite((sessions is null ? options.Validate() : sessions.Validate())
                .Select(p => fleet is null ? p : p.Replace("SessionSimulationOptions.Clusters", $"--fleet {fleet.Name}", StringComparison.Ordinal))));
            if (problems.Count > 0)
            {
                return await UsageErrors.WriteAsync(error, "simulate", problems);
            }

            Func<string, SimulationResult> run = sessions is null ? new QueueSimulator(options).Run : new SessionSimulator(sessions).Run;
            var results = new List<SimulationResult>();
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(run(name));
            }

            await output.WriteLineAsync(parsed.GetValue(json) ? ToJson(results) : sessions is null ? ToTable(results) : ToSessionTable(results, sessions.Clusters));
            // The caption names only the flags of this run: the other model's, a threshold without
            // change reports and --capacities under --fleet would not reproduce it.
            var notInCaption = otherModel.AsEnumerable();
            notInCaption = changeOn ? notInCaption : notInCaption.Append(changeThreshold);
            notInCaption = fleet is null ? notInCaption : notInCaption.Append(sessionFlags.Capacities);
            return await plot.WriteAsync(parsed, results, notInCaption.ToHashSet(), error, cancellationToken);
        });
        return command;
    }

    /// <summary>Whether <paramref name="option"/> was on the command line, not left to its default.</summary>
    private static bool Given(ParseResult parsed, Option option) => parsed.GetResult(option) is { Implicit: false };

    /// <summary>An option taking a number of time units or <c>off</c>; null when not given.</summary>
    private static Option<TimeUnitsOrOff?> TimeUnitsOrOffOption(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (token == "off")
            {
                return new TimeUnitsOrOff(null);
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return new TimeUnitsOrOff(value);
            }

            result.AddError($"{name} '{token}' is not a number of time units: use e.g. 0.1, or off.");
            return null;
        },
    };

    private static string ToTable(List<SimulationResult> results)
    {
        var jsq = results.Find(r => r.Policy == SimulationPolicies.ShortestQueue);
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"policy",-12} {"mean",9} {"p99",9}");
        table.AppendLine(jsq is null ? $" {"reports",9}" : $" {"x jsq",7} {"reports",9}");
        foreach (var result in results)
        {
            table.Append(CultureInfo.InvariantCulture, $"{result.Policy,-12} {result.MeanTimeInSystem,9:F3} {result.P99TimeInSystem,9:F3}");
            if (jsq is not null)
            {
                table.Append(CultureInfo.InvariantCulture, $" {result.MeanTimeInSystem / jsq.MeanTimeInSystem,7:F3}");
            }

            table.AppendLine(string.Create(CultureInfo.InvariantCulture, $" {result.ReportsPerClusterPerUnit,9:F2}"));
        }

        return table.ToString().TrimEnd();
    }

    private static string ToSessionTable(List<SimulationResult> results, IReadOnlyList<SimulatedCluster> clusters)
    {
        // Per cluster columns while they fit a terminal; the worst gap says it for any fleet.
        var perCluster = clusters.Count <= 8;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"policy",-12} {"refused",9} {"worst gap",9} {"reports",9}");
        if (perCluster)
        {
            foreach (var (cluster, i) in clusters.Select((c, i) => (c, i)))
            {
                table.Append(CultureInfo.InvariantCulture, $" {cluster.Id + " " + (results[0].CapacityShare[i] * 100).ToString("F1", CultureInfo.InvariantCulture) + "%",14}");
            }
        }

        table.AppendLine();
        foreach (var result in results)
        {
            table.Append(CultureInfo.InvariantCulture, $"{result.Policy,-12} {result.Refused,9} {WorstShareGap(result) * 100,8:F1}% {result.ReportsPerClusterPerUnit,9:F2}");
            if (perCluster)
            {
                foreach (var share in result.PlacementShare)
                {
                    table.Append(CultureInfo.InvariantCulture, $" {share * 100,13:F1}%");
                }
            }

            table.AppendLine();
        }

        return table.ToString().TrimEnd();
    }

    /// <summary>The largest gap between a cluster's share of the placements and its share of the capacity, relative to the latter.</summary>
    private static double WorstShareGap(SimulationResult result) =>
        result.PlacementShare.Zip(result.CapacityShare, (placed, capacity) => Math.Abs((placed / capacity) - 1)).Max();

    private static string ToJson(List<SimulationResult> results)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var result in results)
            {
                writer.WriteStartObject();
                writer.WriteString("policy", result.Policy);
                writer.WriteNumber("meanTimeInSystem", result.MeanTimeInSystem);
                writer.WriteNumber("p99TimeInSystem", result.P99TimeInSystem);
                writer.WriteNumber("refused", result.Refused);
                WriteArray(writer, "placementShare", result.PlacementShare);
                WriteArray(writer, "capacityShare", result.CapacityShare);
                writer.WriteNumber("reportsPerClusterPerUnit", result.ReportsPerClusterPerUnit);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, double[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>A number of time units, or off (<see cref="Value"/> null).</summary>
    private sealed record TimeUnitsOrOff(double? Value)
    {
        public bool IsOff => Value is null;

        /// <summary>The value as given on the command line: the number, or <c>off</c>.</summary>
        public override string ToString() => Value?.ToString(CultureInfo.InvariantCulture) ?? "off";
    }
}
