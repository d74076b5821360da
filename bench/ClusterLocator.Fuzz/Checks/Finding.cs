namespace ClusterLocator.Fuzz.Checks;

/// <summary>One failed check: what failed, and the request that made it fail (when one did).</summary>
internal sealed record Finding(string Check, string Detail, string? Request)
{
    public override string ToString() => Request is null ? $"[{Check}] {Detail}" : $"[{Check}] {Detail}\n    request: {Request}";
}
