using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Locator.Sharing;

/// <summary>Checks a <see cref="PlacementBatch"/> before any of it applies; each error names its field.</summary>
internal static class PlacementBatchValidator
{
    /// <summary>The largest count one item may carry: far more than a locator places in a sync interval.</summary>
    public const long MaxCount = 1_000_000;

    /// <summary>The most errors listed; a batch of thousands of bad items is answered with the first.</summary>
    public const int MaxErrors = 10;

    /// <summary>Every problem in <paramref name="batch"/> (up to <see cref="MaxErrors"/>, then how many more); empty when it may apply.</summary>
    public static IReadOnlyList<string> Validate(PlacementBatch? batch)
    {
        var errors = new List<string>();
        if (batch is null)
        {
            errors.Add("The body is null: send {\"locator\":\"ID\",\"placements\":[{\"cluster\":…,\"incarnation\":…,\"seq\":…,\"count\":…}]}.");
            return errors;
        }

        if (!Identifiers.IsValid(batch.Locator))
        {
            errors.Add($"'locator' is '{ReportValidator.Shorten(batch.Locator)}': give the sending locator's instance id, {Identifiers.Rule}.");
        }

        if (batch.Placements is not { } placements)
        {
            errors.Add("'placements' is missing: give the list of counts, one per cluster.");
            return errors;
        }

        // The sender's chunk size, not this locator's LocatorOptions.MaxClusters: a peer holding more
        // clusters than this one must never be refused a batch it split as every locator does.
        if (placements.Count > PlacementSender.MaxItemsPerRequest)
        {
            errors.Add($"'placements' has {placements.Count} items: send at most {PlacementSender.MaxItemsPerRequest} in one request.");
            return errors;
        }

        var more = 0;
        for (var i = 0; i < placements.Count; i++)
        {
            if (Check(placements[i], $"placements[{i}]") is not { } error)
            {
                continue;
            }

            if (errors.Count < MaxErrors)
            {
                errors.Add(error);
            }
            else
            {
                more++;
            }
        }

        if (more > 0)
        {
            errors.Add($"… and {more} more items like them.");
        }

        return errors;
    }

    private static string? Check(SharedPlacement? item, string at) => item switch
    {
        null => $"{at} is null: give an object with cluster, incarnation, seq and count.",
        { Cluster: var cluster } when !Identifiers.IsValid(cluster) => $"{at}.cluster is '{ReportValidator.Shorten(cluster)}': use a cluster id, {Identifiers.Rule}.",
        { Incarnation: var incarnation } when !Identifiers.IsValid(incarnation) => $"{at}.incarnation is '{ReportValidator.Shorten(incarnation)}': give the incarnation of the report the sessions were counted against, {Identifiers.Rule}.",
        { Seq: null or < 0 } => $"{at}.seq is {(item.Seq is null ? "missing" : item.Seq.Value)}: give the seq of the report the sessions were counted against, 0 or more.",
        { Count: null or < 1 or > MaxCount } => $"{at}.count is {(item.Count is null ? "missing" : item.Count.Value)}: give the sessions placed, 1 to {MaxCount}.",
        _ => null,
    };
}
