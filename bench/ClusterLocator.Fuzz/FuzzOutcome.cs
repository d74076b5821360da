using ClusterLocator.Fuzz.Checks;

namespace ClusterLocator.Fuzz;

/// <summary>What a run did and found.</summary>
internal sealed record FuzzOutcome(
    long Requests,
    TimeSpan Elapsed,
    int Batches,
    IReadOnlyDictionary<int, long> ByStatus,
    IReadOnlyDictionary<string, long> ByKind,
    long NoAnswer,
    long NoEligible,
    long VersionNotSupported,
    IReadOnlyDictionary<string, long> NoAnswerByKind,
    Findings Findings)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public long ServerErrors => ByStatus.Where(s => s.Key >= 500).Sum(s => s.Value) - NoEligible - VersionNotSupported;

    public bool Passed => Findings.Count == 0;
}
