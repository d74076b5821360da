using System.Net;
using ClusterLocator.Locator.Fairness;
using ClusterLocator.Locator.Registry;
using ClusterLocator.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Locator.Tests.Fairness;

public sealed class PlacementShareTests
{
    private static readonly ClientKey A = ClientKey.OfAddress(IPAddress.Parse("192.0.2.1"));
    private static readonly ClientKey B = ClientKey.OfAddress(IPAddress.Parse("192.0.2.2"));

    // Two clusters of capacity 60 and 40: the service's capacity is 100, so 10 % is 10 placements.
    private static readonly ClusterEntry[] Clusters =
        [Entries.Alive("a", Reports.Create(capacity: 60)), Entries.Alive("b", Reports.Create(capacity: 40))];

    private readonly FakeTimeProvider _time = new();

    private PlacementShare Share(double share = 0.10) => new(new LocatorOptions { ClientPlacementShare = share }, _time);

    private static int Counted(PlacementShare share, ClientKey client, int placements, string service = "erp")
    {
        var counted = 0;
        for (var i = 0; i < placements; i++)
        {
            counted += share.TryCount(client, service, Clusters) ? 1 : 0;
        }

        return counted;
    }

    [Fact]
    public void AClient_CountsAtMostItsShareOfTheServicesCapacity_PerInterval()
    {
        var share = Share();

        Assert.Equal(10, Counted(share, A, 100));
        Assert.Equal(10, Counted(share, B, 100));
        Assert.Equal(10, Counted(share, A, 100, service: "crm"));
    }

    [Fact]
    public void TheNextInterval_StartsEveryTallyAgain()
    {
        var share = Share();
        Assert.Equal(10, Counted(share, A, 50));

        _time.Advance(new LocatorOptions().ReportInterval);

        Assert.Equal(10, Counted(share, A, 50));
    }

    [Theory]
    [InlineData(0.07, 7)]
    [InlineData(0.001, 1)]
    [InlineData(0.5, 50)]
    public void TheAllowance_IsTheShareRoundedDown_AndAtLeastOne(double fraction, long expected)
    {
        Assert.Equal(expected, Share(fraction).AllowanceOf(Clusters));
    }

    [Fact]
    public void AShareOf1_CountsEveryPlacement()
    {
        Assert.Equal(500, Counted(Share(1), A, 500));
    }

    [Fact]
    public void PastTheTrackedClients_NewcomersShareOneTally()
    {
        var share = Share();
        for (var i = 0; i < PlacementShare.MaxTrackedClients; i++)
        {
            Assert.True(share.TryCount(ClientKey.OfAddress(new IPAddress(0x0a000000u + (uint)i)), "erp", Clusters));
        }

        // A client rotating addresses past the cap adds one share in all, not one per address.
        var counted = 0;
        for (var i = 0; i < 100; i++)
        {
            counted += share.TryCount(ClientKey.OfAddress(new IPAddress(0x0b000000u + (uint)i)), "erp", Clusters) ? 1 : 0;
        }

        Assert.Equal(10, counted);
    }

    [Fact]
    public void TryCount_ForAKnownClient_AllocatesNothing()
    {
        var share = Share();
        for (var i = 0; i < 1000; i++)
        {
            share.TryCount(A, "erp", Clusters);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            share.TryCount(A, "erp", Clusters);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
