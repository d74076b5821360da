namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// The queue model on virtual time: each cluster is one FIFO server with exponential service times of
/// mean 1, arrivals are Poisson at <see cref="QueueSimulationOptions.Load"/> × clusters, and each
/// cluster reports its queue length as its sessions (<see cref="SimulatedFleetView"/>). Real policies
/// choose through the view's locators; the baselines choose here.
/// </summary>
internal sealed class QueueSimulator
{
    // Large and equal for every cluster, so health orders clusters by queue length alone and never
    // reaches zero.
    private const int Capacity = 1_000_000;

    private readonly QueueSimulationOptions _options;

    public QueueSimulator(QueueSimulationOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
    }

    /// <summary>Runs <paramref name="policy"/> (a name in <see cref="SimulationPolicies.All"/>) from the seed, so every policy sees the same arrivals and service times.</summary>
    public SimulationResult Run(string policy)
    {
        SimulationPolicies.ThrowIfUnknown(policy);
        var n = _options.Clusters;
        var seeds = new Random(_options.Seed);
        // Separate streams: the arrivals and service times stay the same whatever the policies draw.
        var arrivalsRandom = new Random(seeds.Next());
        var serviceRandom = new Random(seeds.Next());
        var choiceRandom = new Random(seeds.Next());
        var phaseRandom = new Random(seeds.Next());

        var queue = new int[n];
        var lastDeparture = new double[n];
        var placements = new long[n];
        var capacities = new int[n];
        Array.Fill(capacities, Capacity);

        // Departures are events 0..n−1 (the cluster), the view's from n on.
        var events = new PriorityQueue<int, double>(n * 4);
        var view = new SimulatedFleetView(
            _options, queue, capacities, SimulationPolicies.IsBaseline(policy) ? null : policy, seeds, phaseRandom, events, firstEvent: n);

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
                if (view.Owns(next))
                {
                    view.Handle(next, now);
                }
                else
                {
                    queue[next]--;
                    view.SessionsChanged(next, now);
                }
            }

            now = nextArrival;
            nextArrival = now + (Exponential(arrivalsRandom) / rate);
            if (arrival == warmUp)
            {
                view.StartMeasuring(now);
            }

            var chosen = policy switch
            {
                SimulationPolicies.Random => choiceRandom.Next(n),
                SimulationPolicies.ShortestQueue => ShortestQueue(queue, choiceRandom),
                _ => view.Place(now, choiceRandom),
            };

            if (chosen < 0)
            {
                refused += arrival >= warmUp ? 1 : 0;
                continue;
            }

            queue[chosen]++;
            view.SessionsChanged(chosen, now);
            var departure = Math.Max(now, lastDeparture[chosen]) + Exponential(serviceRandom);
            lastDeparture[chosen] = departure;
            events.Enqueue(chosen, departure);
            if (arrival >= warmUp)
            {
                times[measured++] = departure - now;
                placements[chosen]++;
            }
        }

        return SimulationResult.Summarize(policy, times.AsSpan(0, measured), refused, placements, capacities, view.ReportsPerClusterPerUnit(now));
    }

    internal static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());

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
}
