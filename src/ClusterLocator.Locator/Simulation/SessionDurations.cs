namespace ClusterLocator.Locator.Simulation;

/// <summary>Draws session durations as <see cref="SessionSimulationOptions"/> describe them.</summary>
internal sealed class SessionDurations(SessionSimulationOptions options)
{
    // The lognormal's mean is exp(μ + σ²/2): μ is chosen so the mean is the one asked for.
    private readonly double _logMean = Math.Log(options.DurationMean) - (options.DurationSigma * options.DurationSigma / 2);
    private readonly IReadOnlyList<double> _trace = options.DurationTrace ?? [];

    /// <summary>The mean duration: the trace's when there is one.</summary>
    public double Mean { get; } = options.Duration == DurationKind.Trace && options.DurationTrace is { Count: > 0 } trace
        ? trace.Average()
        : options.DurationMean;

    /// <summary>One duration, from <paramref name="random"/>.</summary>
    public double Draw(Random random) => options.Duration switch
    {
        DurationKind.Exp => options.DurationMean * QueueSimulator.Exponential(random),
        DurationKind.LogNormal => Math.Exp(_logMean + (options.DurationSigma * Normal(random))),
        DurationKind.Fixed => options.DurationMean,
        _ => _trace[random.Next(_trace.Count)],
    };

    // Box–Muller: one standard normal from two uniforms.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
