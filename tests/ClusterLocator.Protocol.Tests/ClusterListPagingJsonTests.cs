using System.Text.Json;

namespace ClusterLocator.Protocol.Tests;

public sealed class ClusterListPagingJsonTests
{
    [Fact]
    public void Next_IsWrittenAsNext_AndReadBack()
    {
        var json = JsonSerializer.Serialize(new ClusterList([]) { Next = "c00499" }, ProtocolJsonContext.Wire.ClusterList);

        Assert.Equal("""{"clusters":[],"next":"c00499"}""", json);
        Assert.Equal("c00499", JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.ClusterList)!.Next);
    }

    [Fact]
    public void Next_OnTheLastPage_IsAbsent() =>
        Assert.Equal("""{"clusters":[]}""", JsonSerializer.Serialize(new ClusterList([]), ProtocolJsonContext.Wire.ClusterList));
}
