using ClusterLocator.Protocol.Validation;
using ClusterLocator.Testing;

namespace ClusterLocator.Protocol.Tests.Validation;

/// <summary>The rules of <c>endpoints</c>: count, protocol, address, one per protocol.</summary>
public class ReportValidatorEndpointsTests
{
    private static string SingleError(ClusterReport report, string clusterId = "a") =>
        Assert.Single(ReportValidator.Validate(clusterId, report));

    [Fact]
    public void Validate_EndpointsMissing_ReportsEndpointsError()
    {
        Assert.StartsWith("'endpoints' is missing", SingleError(Reports.Create() with { Endpoints = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndpointsEmpty_ReportsEndpointsError()
    {
        Assert.StartsWith("'endpoints' is missing or empty", SingleError(Reports.Create(tcp: null)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NineEndpoints_ReportsEndpointsCountError()
    {
        var endpoints = Enumerable.Range(1, 9).Select(i => new ClusterEndpoint(Protocols.Tcp, $"10.0.0.{i}:80")).ToList();
        Assert.StartsWith("'endpoints' has 9 items", SingleError(Reports.Create() with { Endpoints = endpoints }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EndpointNull_ReportsEndpointIndex()
    {
        var report = Reports.Create() with { Endpoints = [new ClusterEndpoint(Protocols.Tcp, "h:1"), null!] };
        Assert.StartsWith("'endpoints[1]' is null", SingleError(report), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("udp")]
    [InlineData("TCP")]
    [InlineData(null)]
    public void Validate_EndpointProtocolUnknown_ReportsProtocolError(string? protocol)
    {
        var report = Reports.Create() with { Endpoints = [new ClusterEndpoint(protocol, "h:1")] };
        Assert.StartsWith("'endpoints[0].protocol' is", SingleError(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TcpAddressWithoutPort_ReportsAddressError()
    {
        Assert.StartsWith("'endpoints[0].address' is '10.0.0.5'", SingleError(Reports.Create(tcp: "10.0.0.5")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HttpAddressNotAUrl_ReportsAddressError()
    {
        var error = SingleError(Reports.Create(http: "10.0.0.5:9002"));
        Assert.StartsWith("'endpoints[1].address' is '10.0.0.5:9002'", error, StringComparison.Ordinal);
        Assert.Contains("HTTP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RepeatedProtocol_ReportsRepeat()
    {
        var report = Reports.Create() with { Endpoints = [new(Protocols.Tcp, "h:1"), new(Protocols.Tcp, "h:2")] };
        Assert.StartsWith("'endpoints[1]' repeats protocol 'tcp'", SingleError(report), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProblemsInEveryEndpoint_ReportsEach()
    {
        var report = Reports.Create() with { Endpoints = [new(Protocols.Tcp, "nope"), new(Protocols.Http, "nope"), new("udp", "h:1")] };

        var errors = ReportValidator.Validate("a", report);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("'endpoints[0].address'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'endpoints[1].address'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'endpoints[2].protocol'", StringComparison.Ordinal));
    }
}
