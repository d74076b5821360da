using ClusterLocator.Locator.Sharing;

namespace ClusterLocator.Locator.Tests.Sharing;

public sealed class PlacementBatchValidatorTests
{
    private static SharedPlacement Valid(string cluster = "a") => new() { Cluster = cluster, Incarnation = "inc-1", Seq = 1, Count = 3 };

    [Fact]
    public void Validate_ValidBatch_HasNoErrors()
    {
        var batch = new PlacementBatch { Locator = "0123456789abcdef", Placements = [Valid("a"), Valid("b")] };

        Assert.Empty(PlacementBatchValidator.Validate(batch));
    }

    [Fact]
    public void Validate_EveryBadField_IsNamed()
    {
        var batch = new PlacementBatch
        {
            Locator = "no spaces",
            Placements =
            [
                null,
                Valid() with { Cluster = "../etc" },
                Valid() with { Incarnation = null },
                Valid() with { Seq = -1 },
                Valid() with { Count = 0 },
                Valid() with { Count = PlacementBatchValidator.MaxCount + 1 },
            ],
        };

        var errors = PlacementBatchValidator.Validate(batch);

        Assert.Equal(7, errors.Count);
        Assert.StartsWith("'locator'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("placements[0] is null", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("placements[1].cluster", errors[2], StringComparison.Ordinal);
        Assert.StartsWith("placements[2].incarnation", errors[3], StringComparison.Ordinal);
        Assert.StartsWith("placements[3].seq is -1", errors[4], StringComparison.Ordinal);
        Assert.StartsWith("placements[4].count is 0", errors[5], StringComparison.Ordinal);
        Assert.StartsWith("placements[5].count is 1000001", errors[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MoreItemsThanASenderPutsInOneRequest_IsRefusedNamingTheLimit()
    {
        var batch = new PlacementBatch { Locator = "x", Placements = [.. Enumerable.Range(0, PlacementSender.MaxItemsPerRequest + 1).Select(i => Valid($"c{i}"))] };

        var error = Assert.Single(PlacementBatchValidator.Validate(batch));

        Assert.Contains($"send at most {PlacementSender.MaxItemsPerRequest} in one request", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThousandsOfBadItems_ListsTheFirstAndCountsTheRest()
    {
        var batch = new PlacementBatch { Locator = "x", Placements = [.. Enumerable.Repeat<SharedPlacement?>(null, 1000)] };

        var errors = PlacementBatchValidator.Validate(batch);

        Assert.Equal(PlacementBatchValidator.MaxErrors + 1, errors.Count);
        Assert.Equal($"… and {1000 - PlacementBatchValidator.MaxErrors} more items like them.", errors[^1]);
    }

    [Fact]
    public void Validate_NoPlacements_IsRefused()
    {
        var error = Assert.Single(PlacementBatchValidator.Validate(new PlacementBatch { Locator = "x" }));

        Assert.StartsWith("'placements' is missing", error, StringComparison.Ordinal);
    }
}
