using ClusterLocator.Controller.Members;

namespace ClusterLocator.Controller.Tests.Members;

public sealed class MemberSetTests
{
    [Fact]
    public void Candidates_FewestSessionsFirst_DownMembersLeftOut()
    {
        var set = new MemberSet(["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"]);
        set.All[0].SessionStarted();
        set.All[0].SessionStarted();
        set.All[1].SessionStarted();
        set.All[2].RecordProbe(false);
        set.All[2].RecordProbe(false);

        var candidates = set.Candidates();

        Assert.Equal([2, 1], candidates.Select(m => m.Port));
    }

    [Fact]
    public void Candidates_EqualMembers_ShareNewSessions()
    {
        var set = new MemberSet(["127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"]);

        var firsts = Enumerable.Range(0, 30).Select(_ => set.Candidates()[0].Port).ToList();

        Assert.All(new[] { 1, 2, 3 }, port => Assert.Equal(10, firsts.Count(p => p == port)));
    }

    [Fact]
    public void HealthyCount_CountsMembersUp()
    {
        var set = new MemberSet(["127.0.0.1:1", "[::1]:2"]);
        set.All[1].RecordProbe(false);
        set.All[1].RecordProbe(false);

        Assert.Equal(1, set.HealthyCount);
        Assert.Equal("::1", set.All[1].Host);
    }

    [Fact]
    public void Pick_TakesTheLeastLoadedHealthyMember_OrNoneWhenAllAreDown()
    {
        var set = new MemberSet(["127.0.0.1:1", "127.0.0.1:2"]);
        set.All[0].SessionStarted();

        Assert.Equal(2, set.Pick()!.Port);

        set.All[1].RecordProbe(false);
        set.All[1].RecordProbe(false);
        Assert.Equal(1, set.Pick()!.Port);

        set.All[0].RecordProbe(false);
        set.All[0].RecordProbe(false);
        Assert.Null(set.Pick());
    }
}
