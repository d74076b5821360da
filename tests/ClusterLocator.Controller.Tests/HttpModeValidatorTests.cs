namespace ClusterLocator.Controller.Tests;

public sealed class HttpModeValidatorTests
{
    private static ControllerOptions With(string listen)
    {
        var options = new ControllerOptions { ClusterId = "a", Service = "erp", Capacity = 100 };
        options.Listen.Add(new Uri(listen));
        options.Members.Add("127.0.0.1:7001");
        options.Locators.Add(new Uri("http://127.0.0.1:7400"));
        return options;
    }

    [Fact]
    public void Default_IsPerRequest()
    {
        var options = With("http://127.0.0.1:9080");

        Assert.Equal(HttpFrontDoorMode.PerRequest, options.HttpMode);
        Assert.Empty(ControllerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_PinnedWithAnHttpFrontDoor_IsValid()
    {
        var options = With("http://127.0.0.1:9080");
        options.HttpMode = HttpFrontDoorMode.Pinned;

        Assert.Empty(ControllerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_PinnedWithoutAnHttpFrontDoor_NamesTheModeAndTheFix()
    {
        var options = With("tcp://127.0.0.1:9001");
        options.HttpMode = HttpFrontDoorMode.Pinned;

        var error = Assert.Single(ControllerOptionsValidator.Validate(options));
        Assert.Contains("ControllerOptions.HttpMode is Pinned", error, StringComparison.Ordinal);
        Assert.Contains("add an HTTP front door", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UndefinedMode_IsRefused()
    {
        var options = With("http://127.0.0.1:9080");
        options.HttpMode = (HttpFrontDoorMode)7;

        Assert.Contains(ControllerOptionsValidator.Validate(options), e => e.StartsWith("ControllerOptions.HttpMode 7 is invalid", StringComparison.Ordinal));
    }
}
