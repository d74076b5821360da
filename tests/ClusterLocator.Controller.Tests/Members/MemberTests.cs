using ClusterLocator.Controller.Members;

namespace ClusterLocator.Controller.Tests.Members;

public sealed class MemberTests
{
    [Fact]
    public void RecordProbe_TwoFailuresInARow_MarkDown_OneSuccessBringsBack()
    {
        var member = new Member("127.0.0.1", 1);

        Assert.False(member.RecordProbe(success: false));
        Assert.True(member.IsHealthy);
        Assert.True(member.RecordProbe(success: false));
        Assert.False(member.IsHealthy);
        Assert.False(member.RecordProbe(success: false));

        Assert.True(member.RecordProbe(success: true));
        Assert.True(member.IsHealthy);
    }

    [Fact]
    public void RecordProbe_FailureSuccessFailure_StaysUp()
    {
        var member = new Member("127.0.0.1", 1);

        member.RecordProbe(success: false);
        member.RecordProbe(success: true);
        member.RecordProbe(success: false);

        Assert.True(member.IsHealthy);
    }
}
