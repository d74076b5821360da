namespace ClusterLocator.Controller.Tests;

public sealed class FrontDoorLimitsValidatorTests
{
    private static ControllerOptions Valid()
    {
        var options = new ControllerOptions { ClusterId = "a", Service = "erp", Capacity = 100 };
        options.Listen.Add(new Uri("tcp://127.0.0.1:9001"));
        options.Members.Add("127.0.0.1:7001");
        options.Locators.Add(new Uri("http://127.0.0.1:7400"));
        return options;
    }

    [Fact]
    public void Defaults_IdleTimeout15Minutes_HalfOfMaxSessionsPerClient_TenThousandConnections()
    {
        var options = Valid();
        options.MaxSessions = 7;

        Assert.Equal(TimeSpan.FromMinutes(15), options.IdleTimeout);
        Assert.Equal(4, options.EffectiveMaxSessionsPerClient);
        Assert.Equal(10_000, options.MaxConnections);
        Assert.Empty(ControllerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_ZeroTurnsTheIdleTimeoutAndThePerClientLimitOff()
    {
        var options = Valid();
        options.IdleTimeout = TimeSpan.Zero;
        options.MaxSessionsPerClient = 0;

        Assert.Empty(ControllerOptionsValidator.Validate(options));
        Assert.Equal(0, options.EffectiveMaxSessionsPerClient);
    }

    [Fact]
    public void Validate_BadLimits_NameEachPropertyAndTheFix()
    {
        var options = Valid();
        options.IdleTimeout = TimeSpan.FromMilliseconds(500);
        options.MaxSessionsPerClient = -1;
        options.MaxConnections = 0;

        var errors = ControllerOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.IdleTimeout 00:00:00.5000000 is out of range: use 1s to 24h, or 0s", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.MaxSessionsPerClient -1 is invalid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.MaxConnections 0 is invalid", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_IdleTimeoutOverADay_IsOutOfRange()
    {
        var options = Valid();
        options.IdleTimeout = TimeSpan.FromDays(2);

        Assert.Contains(ControllerOptionsValidator.Validate(options), e => e.StartsWith("ControllerOptions.IdleTimeout", StringComparison.Ordinal));
    }
}
