namespace ClusterLocator.Controller.Reporting;

/// <summary>What a change-triggered report compares with the last report: the live sessions and the healthy members.</summary>
internal readonly record struct LoadMark(int Sessions, int HealthyMembers)
{
    /// <summary>
    /// Whether the load moved enough since <paramref name="sent"/> to report before the interval: by
    /// <paramref name="threshold"/> sessions or more, or any change of healthy members, which moves
    /// the health more than a session does.
    /// </summary>
    public bool MovedFrom(LoadMark sent, int threshold) =>
        HealthyMembers != sent.HealthyMembers || Math.Abs(Sessions - sent.Sessions) >= threshold;
}
