using System.Diagnostics;
using System.Globalization;
using ClusterLocator.Client;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Xunit.Abstractions;

namespace ClusterLocator.Integration.Tests.EndToEnd;

/// <summary>
/// The product as an operator runs it: a locator, three controllers and a client workload, each
/// controller and the locator a separate <c>clusterlocator</c> process, the workload through the
/// SDK. One controller is killed with SIGKILL in the middle.
/// </summary>
public sealed class SessionsSurviveControllerCrashTests(ITestOutputHelper output)
{
    private const string Service = "e2e";
    private const string ReportInterval = "250ms";

    /// <summary>Eight report intervals: a live controller stalled on a busy machine for a second and more keeps its cluster.</summary>
    private const string Lease = "2s";
    private const int Workers = 24;
    private const int SessionsBeforeKill = 500;
    private const int MinimumSessions = 1000;
    private const int OpenOnVictimAtKill = 3;

    /// <summary>Sessions of the survivors after the lease, at the least, so their spread is measured on a sample worth the name.</summary>
    private const int MinimumSessionsAfterLease = 400;

    /// <summary>
    /// A cluster's share of placements may be this far from its capacity share, relative to it. The
    /// spread is measured over windows of about 20 report intervals: between two of its reports a
    /// cluster takes its placements in a burst (its report frees the sessions that closed), so a
    /// window's edges can add or drop one burst, about 7 placements for the smallest cluster here.
    /// Over 20 intervals that is about ±5 %, which leaves the rest of the bound for the policy; over
    /// a few intervals the bursts alone would exceed it.
    /// </summary>
    private const double SpreadTolerance = 0.15;

    /// <summary>How late after the lease the locator may show the dead cluster expired: its own scheduling on a busy machine.</summary>
    private static readonly TimeSpan ExpirySlack = TimeSpan.FromSeconds(5);

    /// <summary>How long the workload goes on once the locator shows the dead cluster expired: about 20 report intervals.</summary>
    private static readonly TimeSpan AfterLease = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task ControllerKilledMidWorkload_NoSessionFails_DeadClusterUnplacedAfterLease_SpreadFollowsCapacity()
    {
        var clock = Stopwatch.StartNew();
        await using var locator = await LocatorProcess.StartAsync(ReportInterval, Lease);
        // Capacities well above the 24 live sessions: the locator counts each placement until the
        // cluster's next report, and these short sessions open about 100 a second, so on a starved
        // machine where reports come late, small capacities are used up on paper and sessions fail.
        await using var small = await ControllerProcess.StartAsync("c40", Service, 40, locator.Url, ReportInterval);
        await using var victim = await ControllerProcess.StartAsync("c80", Service, 80, locator.Url, ReportInterval);
        await using var large = await ControllerProcess.StartAsync("c120", Service, 120, locator.Url, ReportInterval);
        ControllerProcess[] clusters = [small, victim, large];
        await locator.WaitForReadyAsync();
        await locator.WaitForEligibleAsync(clusters);
        var lease = TimeSpan.FromMilliseconds((await locator.StatusAsync()).LeaseMs);
        var ready = clock.Elapsed;

        using var client = new LocatorClient(new LocatorClientOptions { Locators = { locator.Url }, CachePlacements = false });
        await using var workload = SessionWorkload.Start(client, Service, Workers, clock);
        // The victim's share of the live sessions swings with its reports (it takes a burst after
        // each), so wait for a moment when it holds some: the kill must cut sessions in use.
        await Eventually.HoldsAsync(
            () => workload.Completed >= SessionsBeforeKill && workload.OpenOn(victim.ClusterId) >= OpenOnVictimAtKill,
            $"{SessionsBeforeKill} sessions to complete and {OpenOnVictimAtKill} to be open on {victim.ClusterId}");

        var killedAt = clock.Elapsed;
        await victim.KillAsync();

        // The locator shows the dead cluster expired once its lease has run out: from that moment on,
        // no locate may place a session on it. (Measured from what the locator shows, not from the
        // wall clock, so a locator late on a busy machine fails only the bound below, not the rule.)
        await Eventually.HoldsAsync(
            async () => (await locator.ClustersAsync()).Clusters.Any(c => c.ClusterId == victim.ClusterId && c.State == ClusterStates.Expired),
            $"the locator to show {victim.ClusterId} expired");
        var leasePassed = clock.Elapsed;
        Assert.True(
            leasePassed - killedAt <= lease + ExpirySlack,
            $"The locator showed the dead {victim.ClusterId} expired {(leasePassed - killedAt).TotalMilliseconds:0} ms after the kill, more than the {lease.TotalMilliseconds:0} ms lease and {ExpirySlack.TotalSeconds:0} s of slack.");

        await Eventually.HoldsAsync(
            () => workload.Completed >= MinimumSessions
                && clock.Elapsed >= leasePassed + AfterLease
                && workload.Sessions.Count(s => s.Started >= leasePassed) >= MinimumSessionsAfterLease,
            $"{MinimumSessions} sessions in all, {AfterLease} after the expiry and {MinimumSessionsAfterLease} sessions started after it");
        var sessions = await workload.StopAsync();
        var finished = clock.Elapsed;

        var dead = victim.ClusterId;
        var connects = sessions.SelectMany(s => s.Connects).ToList();
        var failed = sessions.Where(s => s.Failed).ToList();
        var interrupted = sessions.Where(s => s.Interrupted).ToList();

        // Only the killed controller's live sessions may be cut, and only by the kill.
        var wrongCuts = interrupted.Where(s => s.Cut!.ClusterId != dead || s.Cut.At < killedAt).ToList();
        var deadAfterLease = connects.Where(c => c.Started >= leasePassed && c.Placements.Contains(dead)).ToList();
        var lastOnDead = connects.Where(c => c.Placements.Contains(dead)).Select(c => c.Started).DefaultIfEmpty().Max();
        var failovers = connects.Sum(c => c.RefusedBy.Count);

        var capacities = clusters.ToDictionary(c => c.ClusterId, c => c.Capacity);
        var beforeKill = CapacityShare.Of(sessions.Where(s => s.Ended < killedAt).SelectMany(s => s.Connects).SelectMany(c => c.Placements), capacities);
        var survivors = clusters.Where(c => c != victim).ToDictionary(c => c.ClusterId, c => c.Capacity);
        var afterLease = CapacityShare.Of(connects.Where(c => c.Started >= leasePassed).SelectMany(c => c.Placements), survivors);

        var figures = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            processes ready after {ready.TotalSeconds:0.0} s; workload {(finished - ready).TotalSeconds:0.0} s; whole run {finished.TotalSeconds:0.0} s
            sessions {sessions.Count}: failed {failed.Count}, interrupted {interrupted.Count}, connects refused and placed again {failovers}
            killed {dead} at {(killedAt - ready).TotalSeconds:0.00} s into the workload, after {sessions.Count(s => s.Ended < killedAt)} sessions; lease {lease.TotalMilliseconds:0} ms
            last placement on {dead}: {(lastOnDead - killedAt).TotalMilliseconds:0} ms after the kill; shown expired {(leasePassed - killedAt).TotalMilliseconds:0} ms after the kill; placements on it after that: {deadAfterLease.Count}
            before the kill ({beforeKill.Sum(s => s.Placements)} placements): {CapacityShare.Describe(beforeKill)}
            after the lease ({afterLease.Sum(s => s.Placements)} placements): {CapacityShare.Describe(afterLease)}
            """);
        output.WriteLine(figures);

        Assert.True(
            failed.Count == 0 && wrongCuts.Count == 0,
            $"{failed.Count} of {sessions.Count} sessions failed and {wrongCuts.Count} were cut on a cluster that was not killed or before the kill. "
            + $"First: {string.Join(Environment.NewLine, failed.Concat(wrongCuts).Take(10))}{Environment.NewLine}{figures}");
        Assert.True(
            interrupted.Count > 0,
            $"No session was cut by the kill: {dead} held none of the {Workers} live sessions, so the kill tested nothing.{Environment.NewLine}{figures}");
        Assert.True(
            deadAfterLease.Count == 0,
            $"{deadAfterLease.Count} connects that started after the locator showed the dead {dead} expired (kill + {(leasePassed - killedAt).TotalMilliseconds:0} ms) were placed on it. "
            + $"First at: {string.Join(", ", deadAfterLease.Take(10).Select(c => $"kill + {(c.Started - killedAt).TotalMilliseconds:0} ms"))}{Environment.NewLine}{figures}");
        AssertSpread("before the kill", beforeKill, figures);
        AssertSpread("among the survivors after the lease", afterLease, figures);
    }

    private static void AssertSpread(string when, IReadOnlyList<CapacityShare> shares, string figures)
    {
        var off = shares.Where(s => Math.Abs(s.RelativeDeviation) > SpreadTolerance).ToList();
        Assert.True(
            off.Count == 0,
            $"The spread {when} does not follow capacity within ±{SpreadTolerance:P0}: {CapacityShare.Describe(off)}.{Environment.NewLine}{figures}");
    }
}
