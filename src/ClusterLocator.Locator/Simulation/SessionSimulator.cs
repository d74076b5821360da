namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// The sessions model on virtual time: clusters of unequal capacities, each session holding a slot
/// for a drawn duration, and closed-loop clients that open the next session as soon as the last one
/// ends, as the demo's virtual clients do. A session placed on a full cluster is refused, and its
/// client tries again a little later. Each cluster reports its sessions and its real capacity
/// (<see cref="SimulatedFleetView"/>); the figure of merit is each cluster's share of the placements
/// against its share of the capacity, and the refusals.
/// </summary>
internal sealed class SessionSimulator
{
    private readonly SessionSimulationOptions _options;
    private readonly SessionDurations _durations;

    public SessionSimulator(SessionSimulationOptions options)
    {
        options.ThrowIfInvalid();
        _options = options;
        _durations = new SessionDurations(options);
    }

    /// <summary>Runs <paramref name="policy"/> (a name in <see cref="SimulationPolicies.All"/>) from the seed, so every policy sees the same clients and durations.</summary>
    public SimulationResult Run(string policy)
    {
        SimulationPolicies.ThrowIfUnknown(policy);
        var n = _options.Clusters.Count;
        var clients = _options.Clients;
        var seeds = new Random(_options.Seed);
        var startRandom = new Random(seeds.Next());
        var durationRandom = new Random(seeds.Next());
        var choiceRandom = new Random(seeds.Next());
        var phaseRandom = new Random(seeds.Next());

        var sessions = new int[n];
        var capacities = _options.Clusters.Select(c => c.Capacity).ToArray();
        var placements = new long[n];

        // Client i's event is i: its session ends, or it is time for its next try. The view's follow.
        var events = new PriorityQueue<int, double>(clients + (n * 4));
        var view = new SimulatedFleetView(
            _options, sessions, capacities, SimulationPolicies.IsBaseline(policy) ? null : policy, seeds, phaseRandom, events, firstEvent: clients);
        var holding = new int[clients];
        Array.Fill(holding, -1);
        // A refused client waits a third of a session, as the demo's clients wait 100 ms after a refusal
        // with sessions of about 300 ms.
        var retryDelay = _durations.Mean / 3;
        for (var i = 0; i < clients; i++)
        {
            // Spread over one session's time, as users start.
            events.Enqueue(i, startRandom.NextDouble() * _durations.Mean);
        }

        var warmUp = _options.WarmUp;
        var total = warmUp + _options.Arrivals;
        var times = new double[_options.Arrivals];
        var measured = 0;
        var refused = 0L;
        var now = 0.0;
        for (var arrival = 0L; arrival < total;)
        {
            events.TryDequeue(out var next, out now);
            if (view.Owns(next))
            {
                view.Handle(next, now);
                continue;
            }

            if (holding[next] is var ended and >= 0)
            {
                sessions[ended]--;
                view.SessionsChanged(ended, now);
                holding[next] = -1;
            }

            if (arrival == warmUp)
            {
                view.StartMeasuring(now);
            }

            var measuring = arrival++ >= warmUp;
            var chosen = policy switch
            {
                SimulationPolicies.Random => choiceRandom.Next(n),
                SimulationPolicies.ShortestQueue => LeastUtilized(sessions, capacities, choiceRandom),
                _ => view.Place(now, choiceRandom),
            };

            if (chosen < 0 || sessions[chosen] >= capacities[chosen])
            {
                refused += measuring ? 1 : 0;
                events.Enqueue(next, now + retryDelay);
                continue;
            }

            sessions[chosen]++;
            view.SessionsChanged(chosen, now);
            holding[next] = chosen;
            var duration = _durations.Draw(durationRandom);
            events.Enqueue(next, now + duration);
            if (measuring)
            {
                times[measured++] = duration;
                placements[chosen]++;
            }
        }

        return SimulationResult.Summarize(policy, times.AsSpan(0, measured), refused, placements, capacities, view.ReportsPerClusterPerUnit(now));
    }

    /// <summary>The cluster with the most room for its size, seen fresh (an oracle); ties at random.</summary>
    private static int LeastUtilized(int[] sessions, int[] capacities, Random random)
    {
        var best = 0;
        var ties = 1;
        for (var i = 1; i < sessions.Length; i++)
        {
            // Compared as fractions without dividing: a/b < c/d ⇔ a·d < c·b.
            var order = ((long)sessions[i] * capacities[best]).CompareTo((long)sessions[best] * capacities[i]);
            if (order < 0)
            {
                best = i;
                ties = 1;
            }
            else if (order == 0 && random.Next(++ties) == 0)
            {
                best = i;
            }
        }

        return best;
    }
}
