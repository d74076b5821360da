using System.Globalization;

namespace ClusterLocator.Locator.Simulation;

/// <summary>What every simulation model shares: the reports, the locators and how long to run.</summary>
internal abstract record SimulationOptions
{
    /// <summary>Time units between two reports of a cluster (one time unit is the mean service or session time).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public double ReportInterval { get; init; } = 1;

    /// <summary>Whether the clusters report at the same instants or each at its own phase.</summary>
    /// <remarks>Defaults to <see cref="ReportPhase.Sync"/>.</remarks>
    public ReportPhase ReportPhase { get; init; } = ReportPhase.Sync;

    /// <summary>How many locators share the arrivals, each seeing every report and counting its own placements.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int Locators { get; init; } = 1;

    /// <summary>Measured arrivals.</summary>
    /// <remarks>Defaults to 1 000 000.</remarks>
    public long Arrivals { get; init; } = 1_000_000;

    /// <summary>Arrivals simulated before measuring, so the clusters start from their steady state rather than empty.</summary>
    /// <remarks>Defaults to 100 000.</remarks>
    public long WarmUp { get; init; } = 100_000;

    /// <summary>The seed of every random draw: the same seed gives the same result.</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int Seed { get; init; } = 1;

    // Fresher information: shared placement counts and change-triggered reports.

    /// <summary>
    /// Whether several locators hand each other the placements they counted, as the product's locators
    /// do whenever they have peers; false models locators that count only their own.
    /// </summary>
    /// <remarks>Defaults to true.</remarks>
    public bool SharePlacements { get; init; } = true;

    /// <summary>Time units between two hand-overs of a locator's placement counts to its peers; null for the product's default.</summary>
    /// <remarks>Defaults to null: <see cref="ReportInterval"/> / 10, as the locator's peer sync interval.</remarks>
    public double? ShareInterval { get; init; }

    /// <summary>
    /// The floor of change-triggered reports: a cluster also reports as soon as its sessions moved by
    /// <see cref="ReportChangeThreshold"/> since its last report, but not sooner than this after its
    /// previous report. Null: only the periodic reports.
    /// </summary>
    /// <remarks>Defaults to null (off).</remarks>
    public double? ReportOnChange { get; init; }

    /// <summary>How many sessions, opened or closed, since the last report trigger a report (with <see cref="ReportOnChange"/>).</summary>
    /// <remarks>Defaults to 1.</remarks>
    public int ReportChangeThreshold { get; init; } = 1;

    /// <summary>The time units between two hand-overs of placement counts, or null when the locators do not share them (one locator, or sharing off).</summary>
    public double? EffectiveShareInterval => Locators > 1 && SharePlacements ? ShareInterval ?? (ReportInterval / 10) : null;

    /// <summary>Every problem with these options, each naming the property and the fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        AddModelProblems(problems);
        if (!(ReportInterval > 0 && ReportInterval <= 1_000))
        {
            problems.Add($"{Name(nameof(ReportInterval))} {Format(ReportInterval)} is out of range: use more than 0 and at most 1000 time units.");
        }

        if (Locators is < 1 or > 1_000)
        {
            problems.Add($"{Name(nameof(Locators))} {Locators} is out of range: use 1 to 1000.");
        }

        if (Arrivals is < 1 or > 100_000_000)
        {
            problems.Add($"{Name(nameof(Arrivals))} {Arrivals} is out of range: use 1 to 100000000.");
        }

        if (WarmUp is < 0 or > 1_000_000_000)
        {
            problems.Add($"{Name(nameof(WarmUp))} {WarmUp} is out of range: use 0 to 1000000000.");
        }

        // Bounded below so the hand-overs cannot outnumber the arrivals by orders of magnitude.
        if (ShareInterval is { } share && !(share >= ReportInterval / 1_000 && share <= 1_000))
        {
            problems.Add($"{Name(nameof(ShareInterval))} {Format(share)} is out of range: use from a thousandth of the report interval ({Format(ReportInterval / 1_000)}) up to 1000 time units, e.g. a tenth of the report interval.");
        }

        if (ReportOnChange is { } floor && !(floor > 0 && floor <= ReportInterval))
        {
            problems.Add($"{Name(nameof(ReportOnChange))} {Format(floor)} is out of range: use more than 0 and at most the report interval ({Format(ReportInterval)}), e.g. a tenth of it, or leave it off.");
        }

        if (ReportChangeThreshold is < 1 or > 1_000_000)
        {
            problems.Add($"{Name(nameof(ReportChangeThreshold))} {ReportChangeThreshold} is out of range: use 1 to 1000000 sessions.");
        }

        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds a problem: a simulator is built from checked options.</summary>
    public void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), "options");
        }
    }

    /// <summary>Adds the problems of the model's own properties.</summary>
    protected abstract void AddModelProblems(List<string> problems);

    /// <summary>The property as a message names it: <c>QueueSimulationOptions.Load</c>.</summary>
    protected string Name(string property) => GetType().Name + "." + property;

    /// <summary>A number as a message shows it.</summary>
    protected static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
