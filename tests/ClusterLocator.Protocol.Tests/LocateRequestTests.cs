using System.Web;

namespace ClusterLocator.Protocol.Tests;

public class LocateRequestTests
{
    private static LocateRequest? Parse(string? service = "erp", string? protocol = null, string? zone = null, string? exclude = null, string? key = null) =>
        LocateRequest.Parse(service, protocol, zone, exclude, key, out _);

    private static string SingleError(string? service = "erp", string? protocol = null, string? zone = null, string? exclude = null, string? key = null)
    {
        Assert.Null(LocateRequest.Parse(service, protocol, zone, exclude, key, out var errors));
        return Assert.Single(errors);
    }

    [Fact]
    public void Parse_ServiceOnly_ReturnsRequestWithDefaults()
    {
        var request = LocateRequest.Parse("erp", null, null, null, null, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.Equal("erp", request.Service);
        Assert.Null(request.Protocol);
        Assert.Null(request.Zone);
        Assert.Null(request.Key);
        Assert.Empty(request.Exclude);
    }

    [Fact]
    public void Parse_EveryValue_KeepsThem()
    {
        var request = Parse("erp", "http", "eu-1", "a, b,,c", "user 42");

        Assert.NotNull(request);
        Assert.Equal("http", request.Protocol);
        Assert.Equal("eu-1", request.Zone);
        Assert.Equal(new[] { "a", "b", "c" }, request.Exclude);
        Assert.Equal("user 42", request.Key);
    }

    [Fact]
    public void Parse_EmptyOptionalValues_AreNull()
    {
        var request = Parse("erp", "", "", "", "");

        Assert.NotNull(request);
        Assert.Null(request.Protocol);
        Assert.Null(request.Zone);
        Assert.Null(request.Key);
        Assert.Empty(request.Exclude);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_ServiceMissing_ReportsServiceError(string? service)
    {
        Assert.StartsWith("'service' is missing", SingleError(service: service), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ServiceInvalid_ReportsServiceError()
    {
        Assert.StartsWith("'service' is 'e r p'", SingleError(service: "e r p"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("TCP")]
    [InlineData("https")]
    public void Parse_BadProtocol_ReportsProtocolError(string protocol)
    {
        Assert.StartsWith($"'protocol' is '{protocol}'", SingleError(protocol: protocol), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("http")]
    public void Parse_KnownProtocol_IsAccepted(string protocol)
    {
        Assert.Equal(protocol, Parse(protocol: protocol)?.Protocol);
    }

    [Fact]
    public void Parse_BadZone_ReportsZoneError()
    {
        Assert.StartsWith("'zone' is 'eu/1'", SingleError(zone: "eu/1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyOfMaxLength_IsAccepted()
    {
        Assert.NotNull(Parse(key: new string('k', LocateRequest.MaxKeyLength)));
    }

    [Fact]
    public void Parse_KeyTooLong_ReportsKeyError()
    {
        Assert.StartsWith("'key' has 257 characters", SingleError(key: new string('k', LocateRequest.MaxKeyLength + 1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxExcluded_IsAccepted()
    {
        var exclude = string.Join(',', Enumerable.Range(0, LocateRequest.MaxExcluded).Select(i => $"c{i}"));
        Assert.Equal(LocateRequest.MaxExcluded, Parse(exclude: exclude)?.Exclude.Count);
    }

    [Fact]
    public void Parse_TooManyExcluded_ReportsExcludeError()
    {
        var exclude = string.Join(',', Enumerable.Range(0, LocateRequest.MaxExcluded + 1).Select(i => $"c{i}"));
        Assert.StartsWith("'exclude' lists 65 clusters", SingleError(exclude: exclude), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadExcludedIds_ReportsEach()
    {
        Assert.Null(LocateRequest.Parse("erp", null, null, "ok,b@d,also bad", null, out var errors));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("'exclude' has 'b@d'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("'exclude' has 'also bad'", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryProblem_ReportsAllAtOnce()
    {
        Assert.Null(LocateRequest.Parse(null, "udp", "z z", "a,b!", new string('k', 300), out var errors));

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("'service'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'protocol'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'zone'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'key'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'exclude'", StringComparison.Ordinal));
    }

    [Fact]
    public void ToPathAndQuery_ServiceOnly_LeavesOutAbsentValues()
    {
        Assert.Equal("v1/locate?service=erp", new LocateRequest { Service = "erp" }.ToPathAndQuery());
    }

    [Fact]
    public void ToPathAndQuery_EveryValue_InOrder()
    {
        var request = new LocateRequest { Service = "erp", Protocol = "tcp", Zone = "eu-1", Exclude = ["a", "b"], Key = "k" };

        Assert.Equal("v1/locate?service=erp&protocol=tcp&zone=eu-1&exclude=a%2Cb&key=k", request.ToPathAndQuery());
    }

    [Fact]
    public void ToPathAndQuery_KeyWithReservedCharacters_IsEscaped()
    {
        var request = new LocateRequest { Service = "erp", Key = "a b&c=d/é?#+%" };

        Assert.Equal("v1/locate?service=erp&key=a%20b%26c%3Dd%2F%C3%A9%3F%23%2B%25", request.ToPathAndQuery());
    }

    [Fact]
    public void ToPathAndQuery_ParsedBack_GivesTheSameRequest()
    {
        var request = new LocateRequest { Service = "erp", Protocol = "http", Zone = "eu-1", Exclude = ["a", "b.2"], Key = "user=42&x, y" };
        var query = HttpUtility.ParseQueryString(request.ToPathAndQuery().Split('?', 2)[1]);

        var parsed = LocateRequest.Parse(query["service"], query["protocol"], query["zone"], query["exclude"], query["key"], out var errors);

        Assert.Empty(errors);
        Assert.NotNull(parsed);
        Assert.Equal(request.Service, parsed.Service);
        Assert.Equal(request.Protocol, parsed.Protocol);
        Assert.Equal(request.Zone, parsed.Zone);
        Assert.Equal(request.Exclude, parsed.Exclude);
        Assert.Equal(request.Key, parsed.Key);
    }
}
