namespace ClusterLocator.Locator.Health;

/// <summary>
/// The one place where a cluster's health is computed:
/// <c>h = availability × (1 − utilization)</c>,
/// <c>utilization = max((sessions + placed) / capacity, cpu, memory)</c>,
/// <c>availability = healthyMembers / members</c>.
/// </summary>
internal static class HealthModel
{
    /// <summary>The health of a cluster from its reported load and the sessions placed on it since.</summary>
    /// <param name="availability">Healthy members over members, in [0,1].</param>
    /// <param name="floorUtilization">The larger of cpu and memory, in [0,1].</param>
    /// <param name="sessions">Sessions as reported.</param>
    /// <param name="placed">Sessions this locator placed since that report.</param>
    /// <param name="capacity">Sessions the cluster is sized for (positive).</param>
    /// <param name="explicitHealth">A health the report set itself, overriding the formula.</param>
    public static double Compute(double availability, double floorUtilization, int sessions, long placed, int capacity, double explicitHealth) =>
        Compute(availability, floorUtilization, sessions, placed, 1.0 / capacity, explicitHealth);

    /// <summary>The same, with 1 / capacity precomputed: an entry recomputes its health on every placement.</summary>
    public static double Compute(double availability, double floorUtilization, int sessions, long placed, double inverseCapacity, double explicitHealth)
    {
        if (explicitHealth >= 0)
        {
            // An explicit health still loses the headroom that each placed session takes,
            // or a burst would herd onto the cluster that reported the highest number.
            return Clamp(explicitHealth - (placed * inverseCapacity));
        }

        var utilization = Math.Max((sessions + (double)placed) * inverseCapacity, floorUtilization);
        return Clamp(availability * (1 - utilization));
    }

    /// <summary>The health of a report as it arrives, before any placement.</summary>
    public static double Of(ClusterLocator.Protocol.ClusterReport report)
    {
        var load = report.Load!;
        return Compute(
            Availability(load.HealthyMembers, load.Members),
            Math.Max(load.Cpu ?? 0, load.Memory ?? 0),
            load.Sessions!.Value,
            placed: 0,
            load.Capacity!.Value,
            report.Health ?? -1);
    }

    /// <summary>Healthy members over members; a report without member counts is fully available.</summary>
    public static double Availability(int? healthyMembers, int? members) => members switch
    {
        null => 1,
        0 => 0,
        var m => Math.Clamp((double)(healthyMembers ?? m) / m.Value, 0, 1),
    };

    private static double Clamp(double value) => value switch
    {
        > 1 => 1,
        > 0 => value,
        _ => 0, // also NaN
    };
}
