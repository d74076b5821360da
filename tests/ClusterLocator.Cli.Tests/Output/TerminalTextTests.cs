using ClusterLocator.Cli.Output;

namespace ClusterLocator.Cli.Tests.Output;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("a\u001b[31mred", "a\\u001b[31mred")]
    [InlineData("title\u001b]0;pwned\u0007", "title\\u001b]0;pwned\\u0007")]
    [InlineData("line\nconnected to cluster fake", "line\\u000aconnected to cluster fake")]
    [InlineData("over\rwrite", "over\\u000dwrite")]
    [InlineData("del\u007f c1\u009b2J", "del\\u007f c1\\u009b2J")]
    [InlineData("abc\u202edcb", "abc\\u202edcb")]
    [InlineData("tab\there", "tab\\u0009here")]
    public void Clean_ControlCharacters_AreShownEscaped(string wire, string shown)
    {
        Assert.Equal(shown, TerminalText.Clean(wire));
    }

    [Theory]
    [InlineData("erp-1.eu_west", "erp-1.eu_west")]
    [InlineData("http://[::1]:8080/erp/ zone=äöü 日本", "http://[::1]:8080/erp/ zone=äöü 日本")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Clean_PrintableText_IsUnchanged(string? wire, string shown)
    {
        Assert.Equal(shown, TerminalText.Clean(wire));
    }
}
