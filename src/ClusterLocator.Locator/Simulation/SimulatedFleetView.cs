using ClusterLocator.Protocol;

namespace ClusterLocator.Locator.Simulation;

/// <summary>
/// What the locators of a simulation know of the fleet and how it reaches them: every cluster's
/// reports, periodic and (with <see cref="SimulationOptions.ReportOnChange"/>) on change, delivered to
/// every locator, and the placement counts the locators hand each other. A model owns the sessions;
/// its events share one queue with this view's, which are numbered from the model's <c>firstEvent</c>.
/// </summary>
internal sealed class SimulatedFleetView
{
    /// <summary>Ticks of the locators' clock per time unit.</summary>
    public const long TicksPerUnit = 1_000_000;

    private const string Service = "simulated";
    private static readonly ClusterEndpoint[] Endpoints = [new(Protocols.Tcp, "simulated:1")];
    private static readonly LocateRequest Request = new() { Service = Service };

    private readonly int[] _sessions;
    private readonly int[] _capacities;
    private readonly SimulatedLocator[]? _locators;
    private readonly PriorityQueue<int, double> _events;
    private readonly int _firstEvent;
    private readonly double _interval;
    private readonly double? _floor;
    private readonly int _threshold;
    private readonly double? _shareInterval;

    // Per cluster: the report sequence, what and when it last reported, whether its pending event is
    // the first look a floor after the report (else the periodic report), when that event is due
    // (an event due at another time was overtaken by a change report), and whether a change of its
    // sessions reports at once (the floor passed with nothing moved).
    private readonly long[] _seqs;
    private readonly int[] _reported;
    private readonly double[] _reportedAt;
    private readonly bool[] _looking;
    private readonly double[] _due;
    private readonly bool[] _armed;

    // Per cluster, one report for each session count, built once: each report sent is a copy with its seq.
    private readonly List<ClusterReport>[] _reports;

    private double _measuredFrom = double.NaN;
    private long _measuredReports;

    /// <param name="options">The report and locator settings.</param>
    /// <param name="sessions">Each cluster's sessions, kept current by the model.</param>
    /// <param name="capacities">Each cluster's capacity, as it reports it.</param>
    /// <param name="policy">A real policy, or null when a baseline chooses without locators.</param>
    /// <param name="seeds">Where the locators' and the phases' random streams come from.</param>
    /// <param name="phases">The stream of the clusters' report phases.</param>
    /// <param name="events">The model's event queue.</param>
    /// <param name="firstEvent">The first event number this view may use; it uses <see cref="EventCount"/>.</param>
    public SimulatedFleetView(
        SimulationOptions options, int[] sessions, int[] capacities, string? policy, Random seeds, Random phases, PriorityQueue<int, double> events, int firstEvent)
    {
        var n = sessions.Length;
        _sessions = sessions;
        _capacities = capacities;
        _events = events;
        _firstEvent = firstEvent;
        _interval = options.ReportInterval;
        _floor = options.ReportOnChange;
        _threshold = options.ReportChangeThreshold;
        _seqs = new long[n];
        _reported = new int[n];
        _reportedAt = new double[n];
        _looking = new bool[n];
        _due = new double[n];
        _armed = new bool[n];
        _reports = new List<ClusterReport>[n];
        for (var c = 0; c < n; c++)
        {
            _reports[c] = [];
        }

        var ids = new string[n];
        for (var i = 0; i < n; i++)
        {
            // Fixed width, so ordinal order (the registry's) is index order.
            ids[i] = "cluster-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (policy is not null)
        {
            _locators = new SimulatedLocator[options.Locators];
            for (var k = 0; k < _locators.Length; k++)
            {
                _locators[k] = new SimulatedLocator(ids, SimulationPolicies.Create(policy, new Random(seeds.Next())), c => ReportOf(c, 0));
            }
        }

        for (var c = 0; c < n; c++)
        {
            var phase = options.ReportPhase == ReportPhase.Sync ? _interval : phases.NextDouble() * _interval;
            _due[c] = phase;
            events.Enqueue(firstEvent + c, phase);
        }

        _shareInterval = options.EffectiveShareInterval;
        if (_shareInterval is { } share && _locators is not null)
        {
            // Each locator hands over on its own timer, as separate processes do.
            var sharePhases = new Random(seeds.Next());
            for (var k = 0; k < _locators.Length; k++)
            {
                events.Enqueue(firstEvent + n + k, sharePhases.NextDouble() * share);
            }
        }
    }

    /// <summary>How many event numbers this view uses: one per cluster (its next report or look), one per locator (its next hand-over).</summary>
    public static int EventCount(int clusters, int locators) => clusters + locators;

    /// <summary>Reports per cluster per time unit since <see cref="StartMeasuring"/>, up to <paramref name="now"/>.</summary>
    public double ReportsPerClusterPerUnit(double now) =>
        now > _measuredFrom ? _measuredReports / (_sessions.Length * (now - _measuredFrom)) : 0;

    /// <summary>Starts counting reports at <paramref name="now"/>, when the model's warm-up ends.</summary>
    public void StartMeasuring(double now)
    {
        _measuredFrom = now;
        _measuredReports = 0;
    }

    /// <summary>The index of the cluster a locator chooses (one of them at random), with the placement counted; −1 when it refuses.</summary>
    public int Place(double now, Random choice) =>
        _locators![_locators.Length == 1 ? 0 : choice.Next(_locators.Length)].Place(Request, ToTicks(now));

    /// <summary>Handles this view's event <paramref name="number"/> (as dequeued) at <paramref name="now"/>.</summary>
    public void Handle(int number, double now)
    {
        var local = number - _firstEvent;
        if (local >= _sessions.Length)
        {
            _locators![local - _sessions.Length].ShareWith(_locators);
            _events.Enqueue(number, now + _shareInterval!.Value);
            return;
        }

        var cluster = local;
        if (now != _due[cluster])
        {
            // Overtaken: a change report since has scheduled the cluster's next event.
            return;
        }

        if (_looking[cluster] && !Moved(cluster))
        {
            // The floor passed with nothing moved: from now on a change reports at once, and
            // otherwise the periodic report comes.
            _armed[cluster] = true;
            Schedule(cluster, looking: false, _reportedAt[cluster] + _interval);
            return;
        }

        Report(cluster, now);
    }

    /// <summary>
    /// Tells the view cluster <paramref name="cluster"/>'s sessions changed at <paramref name="now"/>:
    /// as the controller's front doors wake its report loop, a move by the threshold once the floor
    /// has passed is reported at once.
    /// </summary>
    public void SessionsChanged(int cluster, double now)
    {
        if (_armed[cluster] && Moved(cluster))
        {
            Report(cluster, now);
        }
    }

    private bool Moved(int cluster) => Math.Abs(_sessions[cluster] - _reported[cluster]) >= _threshold;

    private void Schedule(int cluster, bool looking, double at)
    {
        _looking[cluster] = looking;
        _due[cluster] = at;
        _events.Enqueue(_firstEvent + cluster, at);
    }

    /// <summary>A number of an event this view handles.</summary>
    public bool Owns(int number) => number >= _firstEvent;

    /// <summary>
    /// Sends cluster <paramref name="cluster"/>'s report to every locator, then waits as the
    /// controller does: with change-triggered reports, a first look a floor later while the periodic
    /// report is further away; else the periodic report an interval later.
    /// </summary>
    private void Report(int cluster, double now)
    {
        var sessions = _sessions[cluster];
        _reported[cluster] = sessions;
        _reportedAt[cluster] = now;
        _armed[cluster] = false;
        if (_floor is { } floor && _interval > floor * (1 + 1e-9))
        {
            Schedule(cluster, looking: true, now + floor);
        }
        else
        {
            Schedule(cluster, looking: false, now + _interval);
        }

        var seq = ++_seqs[cluster];
        if (now >= _measuredFrom)
        {
            _measuredReports++;
        }

        if (_locators is null)
        {
            return;
        }

        var report = ReportOf(cluster, sessions) with { Seq = seq };
        var ticks = ToTicks(now);
        foreach (var locator in _locators)
        {
            locator.Accept(cluster, report, ticks);
        }
    }

    private ClusterReport ReportOf(int cluster, int sessions)
    {
        var reports = _reports[cluster];
        while (reports.Count <= sessions)
        {
            reports.Add(new ClusterReport
            {
                Service = Service,
                Incarnation = "simulated",
                Endpoints = Endpoints,
                Load = new ClusterLoad { Sessions = reports.Count, Capacity = _capacities[cluster] },
            });
        }

        return reports[sessions];
    }

    private static long ToTicks(double time) => (long)(time * TicksPerUnit);
}
