using ClusterLocator.Locator.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ClusterLocator.Locator.Tests.Api;

public class LocateQueryTests
{
    [Theory]
    [InlineData("")]
    [InlineData("?service=bench")]
    [InlineData("?service=bench&protocol=http&zone=z1&exclude=a,b&key=user-7")]
    [InlineData("?SERVICE=bench&Protocol=tcp")]
    [InlineData("?service=a&service=b")]
    [InlineData("?service=my+svc&key=%C3%A9t%C3%A9%26x")]
    [InlineData("?serv%69ce=bench")]
    [InlineData("?service=&zone")]
    [InlineData("?explain=true&service=bench")]
    [InlineData("?explain=&service=bench")]
    [InlineData("?explain=1&explain=0")]
    [InlineData("?other=1&&service=bench&=x")]
    [InlineData("?exclude=a&Exclude=b&exclude=&EXCLUDE=d&service=s&exclude=e")]
    public void Parse_ReadsWhatRequestQueryReads(string queryString)
    {
        var expected = new QueryCollection(QueryHelpers.ParseQuery(queryString));

        var query = LocateQuery.Parse(new QueryString(queryString.Length == 0 ? null : queryString));

        Assert.Equal(expected["service"], query.Service);
        Assert.Equal(expected["protocol"], query.Protocol);
        Assert.Equal(expected["zone"], query.Zone);
        Assert.Equal(expected["exclude"], query.Exclude);
        Assert.Equal(expected["key"], query.Key);
        Assert.Equal(expected.TryGetValue("explain", out var explain), query.HasExplain);
        Assert.Equal(explain, query.Explain);
    }

    [Fact]
    public void Parse_ANameRepeatedThousandsOfTimes_KeepsEveryValueInOrder()
    {
        // As many as an 8 KiB request line holds: each value is kept once, with no copy of the earlier ones.
        const int Repeats = 2000;
        var queryString = "?" + string.Join('&', Enumerable.Range(0, Repeats).Select(i => $"key={i}"));

        var query = LocateQuery.Parse(new QueryString(queryString));

        Assert.Equal(Enumerable.Range(0, Repeats).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), query.Key.ToArray());
    }
}
