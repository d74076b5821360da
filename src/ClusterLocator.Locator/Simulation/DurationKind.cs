namespace ClusterLocator.Locator.Simulation;

/// <summary>How long a session of the sessions model holds its slot.</summary>
internal enum DurationKind
{
    /// <summary>Exponential with the mean given.</summary>
    Exp,

    /// <summary>Lognormal with the mean and the sigma (of the logarithm) given: a long tail.</summary>
    LogNormal,

    /// <summary>Always the mean.</summary>
    Fixed,

    /// <summary>Drawn at random from a trace of measured durations.</summary>
    Trace,
}
