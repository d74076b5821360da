namespace ClusterLocator.Controller.Tests;

/// <summary>The checks of <see cref="ControllerOptions.ReportOnChange"/> and <see cref="ControllerOptions.ReportChangeThreshold"/>.</summary>
public sealed class ReportOnChangeValidatorTests
{
    private static ControllerOptions Valid()
    {
        var options = new ControllerOptions { ClusterId = "a", Service = "erp", Capacity = 10 };
        options.Listen.Add(new Uri("tcp://127.0.0.1:9001"));
        options.Members.Add("127.0.0.1:7001");
        options.Locators.Add(new Uri("http://127.0.0.1:7400"));
        return options;
    }

    [Fact]
    public void Defaults_AreOff_WithThreshold1_AndValid()
    {
        var options = Valid();

        Assert.Null(options.ReportOnChange);
        Assert.Equal(1, options.ReportChangeThreshold);
        Assert.Empty(ControllerOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Floor_From10msToTheInterval_IsValid(int milliseconds)
    {
        var options = Valid();
        options.ReportOnChange = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Empty(ControllerOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(1001)]
    public void Floor_OutOfRange_IsNamedWithTheRange(int milliseconds)
    {
        var options = Valid();
        options.ReportOnChange = TimeSpan.FromMilliseconds(milliseconds);

        var error = Assert.Single(ControllerOptionsValidator.Validate(options));
        Assert.StartsWith("ControllerOptions.ReportOnChange ", error, StringComparison.Ordinal);
        Assert.Contains("10ms up to ControllerOptions.ReportInterval", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Threshold_BelowOne_IsInvalid(int threshold)
    {
        var options = Valid();
        options.ReportChangeThreshold = threshold;

        var error = Assert.Single(ControllerOptionsValidator.Validate(options));
        Assert.StartsWith($"ControllerOptions.ReportChangeThreshold {threshold} is invalid", error, StringComparison.Ordinal);
    }
}
