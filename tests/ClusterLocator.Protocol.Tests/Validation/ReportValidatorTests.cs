using ClusterLocator.Protocol.Validation;
using ClusterLocator.Testing;

namespace ClusterLocator.Protocol.Tests.Validation;

public class ReportValidatorTests
{
    private static string SingleError(ClusterReport report, string clusterId = "a") =>
        Assert.Single(ReportValidator.Validate(clusterId, report));

    private static ClusterReport WithLoad(ClusterLoad load) => Reports.Create() with { Load = load };

    private static ClusterLoad ValidLoad => Reports.Create().Load!;

    [Fact]
    public void Validate_ValidReport_ReportsNothing()
    {
        Assert.Empty(ReportValidator.Validate("cluster-a.1_x", Reports.Create()));
    }

    [Fact]
    public void Validate_FullReportWithBothProtocols_ReportsNothing()
    {
        var report = Reports.Create(cpu: 1, memory: 0, healthyMembers: 0, members: 3, zone: "eu-1", health: 0,
            state: ClusterStates.Draining, seq: 0, http: "https://[::1]:9002/path");
        Assert.Empty(ReportValidator.Validate("a", report));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void Validate_BadClusterId_ReportsClusterIdError(string? clusterId)
    {
        var error = SingleError(Reports.Create(), clusterId!);
        Assert.Contains("cluster id", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullBody_ReportsEmptyBody()
    {
        var error = Assert.Single(ReportValidator.Validate("a", null));
        Assert.Contains("body is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullBodyAndBadId_ReportsBoth()
    {
        Assert.Equal(2, ReportValidator.Validate("bad id", null).Count);
    }

    [Fact]
    public void Validate_ServiceMissing_ReportsServiceError()
    {
        Assert.StartsWith("'service' is missing", SingleError(Reports.Create() with { Service = null }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("erp!")]
    [InlineData("ééé")]
    public void Validate_ServiceInvalid_ReportsServiceError(string service)
    {
        Assert.StartsWith($"'service' is '{service}'", SingleError(Reports.Create(service: service)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServiceOf65Characters_ReportsServiceError()
    {
        Assert.StartsWith("'service' is", SingleError(Reports.Create(service: new string('s', 65))), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServiceOf64Characters_ReportsNothing()
    {
        Assert.Empty(ReportValidator.Validate("a", Reports.Create(service: new string('s', 64))));
    }

    [Fact]
    public void Validate_IncarnationMissing_ReportsIncarnationError()
    {
        Assert.StartsWith("'incarnation' is missing", SingleError(Reports.Create() with { Incarnation = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IncarnationInvalid_ReportsIncarnationError()
    {
        Assert.StartsWith("'incarnation' is 'x y'", SingleError(Reports.Create(incarnation: "x y")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZoneInvalid_ReportsZoneError()
    {
        Assert.StartsWith("'zone' is 'eu 1'", SingleError(Reports.Create(zone: "eu 1")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeqMissing_ReportsSeqError()
    {
        Assert.StartsWith("'seq' is missing", SingleError(Reports.Create() with { Seq = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeqNegative_ReportsSeqError()
    {
        Assert.StartsWith("'seq' is -1", SingleError(Reports.Create(seq: -1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StateUnknown_ReportsStateError()
    {
        Assert.StartsWith("'state' is 'stopped'", SingleError(Reports.Create(state: "stopped")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StateExpired_ReportsStateError()
    {
        // 'expired' is shown by the locator, never reported.
        Assert.StartsWith("'state' is 'expired'", SingleError(Reports.Create(state: ClusterStates.Expired)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StateAbsent_ReportsNothing()
    {
        Assert.Empty(ReportValidator.Validate("a", Reports.Create() with { State = null }));
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_HealthOutOfRange_ReportsHealthError(double health)
    {
        Assert.StartsWith("'health' is", SingleError(Reports.Create(health: health)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LoadMissing_ReportsLoadError()
    {
        Assert.StartsWith("'load' is missing", SingleError(Reports.Create() with { Load = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SessionsMissing_ReportsSessionsError()
    {
        Assert.StartsWith("'load.sessions' is missing", SingleError(WithLoad(ValidLoad with { Sessions = null })), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SessionsNegative_ReportsSessionsError()
    {
        Assert.StartsWith("'load.sessions' is -1", SingleError(Reports.Create(sessions: -1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SessionsOverCapacity_ReportsNothing()
    {
        Assert.Empty(ReportValidator.Validate("a", Reports.Create(sessions: 2000, capacity: 1000)));
    }

    [Fact]
    public void Validate_CapacityMissing_ReportsCapacityError()
    {
        Assert.StartsWith("'load.capacity' is missing", SingleError(WithLoad(ValidLoad with { Capacity = null })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_CapacityNotPositive_ReportsCapacityError(int capacity)
    {
        Assert.StartsWith($"'load.capacity' is {capacity}", SingleError(Reports.Create(capacity: capacity)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_CpuOutOfRange_ReportsCpuError(double cpu)
    {
        Assert.StartsWith("'load.cpu' is", SingleError(Reports.Create(cpu: cpu)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_MemoryOutOfRange_ReportsMemoryError(double memory)
    {
        Assert.StartsWith("'load.memory' is", SingleError(Reports.Create(memory: memory)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FractionError_QuotesValueInvariantly()
    {
        Assert.StartsWith("'load.cpu' is 1.5:", SingleError(Reports.Create(cpu: 1.5)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MembersNegative_ReportsMembersError()
    {
        Assert.StartsWith("'load.members' is -1", SingleError(WithLoad(ValidLoad with { Members = -1 })), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HealthyMembersNegative_ReportsHealthyMembersError()
    {
        Assert.StartsWith("'load.healthyMembers' is -1", SingleError(Reports.Create(healthyMembers: -1, members: 3)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HealthyMembersWithoutMembers_ReportsHealthyMembersError()
    {
        Assert.StartsWith("'load.healthyMembers' is given without 'load.members'", SingleError(Reports.Create(healthyMembers: 2)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HealthyMembersOverMembers_ReportsHealthyMembersError()
    {
        Assert.StartsWith("'load.healthyMembers' is 4, more than 'load.members' (3)", SingleError(Reports.Create(healthyMembers: 4, members: 3)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MembersWithoutHealthyMembers_ReportsNothing()
    {
        Assert.Empty(ReportValidator.Validate("a", Reports.Create(members: 3)));
    }

    [Fact]
    public void Validate_FourProblems_ReportsAllFourAtOnce()
    {
        var report = Reports.Create(service: "bad service", capacity: 0, cpu: 2, seq: -3);

        var errors = ReportValidator.Validate("a", report);

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("'service'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'seq'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'load.capacity'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("'load.cpu'", StringComparison.Ordinal));
    }

    [Fact]
    public void Shorten_LongValue_CutsTo80WithEllipsis()
    {
        var shortened = ReportValidator.Shorten(new string('x', 200));
        Assert.Equal(80, shortened.Length);
        Assert.EndsWith("...", shortened, StringComparison.Ordinal);
    }

    [Fact]
    public void Shorten_ControlCharacters_AreReplaced()
    {
        Assert.Equal("a?b?", ReportValidator.Shorten("a\nb\u0007"));
    }

    [Fact]
    public void Shorten_Null_SaysNull()
    {
        Assert.Equal("(null)", ReportValidator.Shorten(null));
    }

    [Fact]
    public void Validate_ServiceWithNewline_QuotesItWithoutTheControlCharacter()
    {
        var error = SingleError(Reports.Create(service: "erp\r\nX-Injected: 1"));
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\r', error);
    }
}
