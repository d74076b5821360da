using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// The queue model on virtual time: each cluster is one FIFO server with exponential service times of
/// mean 1, arrivals are Poisson at <see cref="QueueSimulationOptions.Load"/> × clusters, and each
/// cluster reports its queue length as its sessions every report interval. Real policies choose
/// through <see cref="SimulatedLocator"/>; the baselines choose here.
/// </summary>
internal sealed class QueueSimulator
{
    /// <summary>Ticks of the locators' clock per time unit.</summary>
    public const long TicksPerUnit = 1_000_000;

    // Large and equal for every cluster, so health orders clusters by queue length alone and never
    // reaches zero.
    private const int Capacity = 1_000_000;
    private const string Service = "simulated";

    private static readonly ClusterEndpoint[] Endpoints = [new(Protocols.Tcp, "simulated:1")];
    private static readonly LocateRequest Request = new() { Service = Service };

    private readonly QueueSimulationOptions _options;

    // One report per queue length, shared by every cluster: an entry takes its id separately.
    private readonly List<ClusterReport> _reports = [];

    public QueueSimulator(QueueSimulationOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
    }

    /// <summary>Runs <paramref name="policy"/> (a name in <see cref="SimulationPolicies.All"/>) from the seed, so every policy sees the same arrivals and service times.</summary>
    public SimulationResult Run(string policy)
    {
        if (!SimulationPolicies.All.Contains(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a simulation policy.");
        }

        var n = _options.Clusters;
        var seeds = new Random(_options.Seed);
        // Separate streams: the arrivals and service times stay the same whatever the policies draw.
        var arrivalsRandom = new Random(seeds.Next());
        var serviceRandom = new Random(seeds.Next());
        var choiceRandom = new Random(seeds.Next());
        var phaseRandom = new Random(seeds.Next());

        var ids = new string[n];
        for (var i = 0; i < n; i++)
        {
            // Fixed width, so ordinal order (the registry's) is index order.
            ids[i] = "cluster-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        }

        SimulatedLocator[]? locators = null;
        if (!SimulationPolicies.IsBaseline(policy))
        {
            locators = new SimulatedLocator[_options.Locators];
            for (var k = 0; k < locators.Length; k++)
            {
                locators[k] = new SimulatedLocator(ids, SimulationPolicies.Create(policy, new Random(seeds.Next())), ReportOf(0));
            }
        }

        var queue = new int[n];
        var lastDeparture = new double[n];
        var placements = new long[n];

        // Departures are events 0..n−1 (the cluster), reports n..2n−1.
        var events = new PriorityQueue<int, double>(n * 4);
        var interval = _options.ReportInterval;
        for (var c = 0; c < n; c++)
        {
            var phase = _options.ReportPhase == ReportPhase.Sync ? interval : phaseRandom.NextDouble() * interval;
            events.Enqueue(n + c, phase);
        }

        var warmUp = _options.WarmUp;
        var total = warmUp + _options.Arrivals;
        var times = new double[_options.Arrivals];
        var measured = 0;
        var refused = 0L;
        var rate = _options.Load * n;
        var now = 0.0;
        var nextArrival = Exponential(arrivalsRandom) / rate;
        for (var arrival = 0L; arrival < total; arrival++)
        {
            while (events.TryPeek(out var next, out var at) && at <= nextArrival)
            {
                events.Dequeue();
                now = at;
                if (next < n)
                {
                    queue[next]--;
                }
                else
                {
                    var c = next - n;
                    if (locators is not null)
                    {
                        var report = ReportOf(queue[c]);
                        var ticks = ToTicks(now);
                        foreach (var locator in locators)
                        {
                            locator.Accept(c, report, ticks);
                        }
                    }

                    events.Enqueue(next, now + interval);
                }
            }

            now = nextArrival;
            nextArrival = now + (Exponential(arrivalsRandom) / rate);
            var chosen = policy switch
            {
                SimulationPolicies.Random => choiceRandom.Next(n),
                SimulationPolicies.ShortestQueue => ShortestQueue(queue, choiceRandom),
                _ => locators![locators.Length == 1 ? 0 : choiceRandom.Next(locators.Length)].Place(Request, ToTicks(now)),
            };

            if (chosen < 0)
            {
                refused += arrival >= warmUp ? 1 : 0;
                continue;
            }

            queue[chosen]++;
            var departure = Math.Max(now, lastDeparture[chosen]) + Exponential(serviceRandom);
            lastDeparture[chosen] = departure;
            events.Enqueue(chosen, departure);
            if (arrival >= warmUp)
            {
                times[measured++] = departure - now;
                placements[chosen]++;
            }
        }

        return Summarize(policy, times.AsSpan(0, measured), refused, placements);
    }

    private ClusterReport ReportOf(int sessions)
    {
        while (_reports.Count <= sessions)
        {
            _reports.Add(new ClusterReport
            {
                Service = Service,
                Incarnation = "simulated",
                Seq = _reports.Count,
                Endpoints = Endpoints,
                Load = new ClusterLoad { Sessions = _reports.Count, Capacity = Capacity },
            });
        }

        return _reports[sessions];
    }

    private static long ToTicks(double time) => (long)(time * TicksPerUnit);

    private static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());

    /// <summary>The shortest queue, ties at random (reservoir sampling).</summary>
    private static int ShortestQueue(int[] queue, Random random)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < queue.Length; i++)
        {
            if (queue[i] < queue[best])
            {
                best = i;
                ties = 1;
            }
            else if (queue[i] == queue[best] && random.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return best;
    }

    private static SimulationResult Summarize(string policy, Span<double> times, long refused, long[] placements)
    {
        var mean = 0.0;
        foreach (var time in times)
        {
            mean += time;
        }

        mean = times.Length > 0 ? mean / times.Length : 0;
        times.Sort();
        var p99 = times.Length > 0 ? times[Math.Min(times.Length - 1, (int)Math.Ceiling(times.Length * 0.99) - 1)] : 0;
        var placed = 0L;
        foreach (var count in placements)
        {
            placed += count;
        }

        var placementShare = new double[placements.Length];
        var capacityShare = new double[placements.Length];
        for (var i = 0; i < placements.Length; i++)
        {
            placementShare[i] = placed > 0 ? (double)placements[i] / placed : 0;
            capacityShare[i] = 1.0 / placements.Length;
        }

        return new SimulationResult(policy, mean, p99, refused, placementShare, capacityShare);
    }
}
