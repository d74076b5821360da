using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Protocol.Tests.Validation;

public class IdentifiersTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("0")]
    [InlineData("cluster-a.1_X")]
    [InlineData(".a.")]
    [InlineData("-_-")]
    public void IsValid_AllowedCharacters_ReturnsTrue(string value)
    {
        Assert.True(Identifiers.IsValid(value));
    }

    [Fact]
    public void IsValid_64Characters_ReturnsTrue()
    {
        Assert.True(Identifiers.IsValid(new string('a', Identifiers.MaxLength)));
    }

    [Fact]
    public void IsValid_65Characters_ReturnsFalse()
    {
        Assert.False(Identifiers.IsValid(new string('a', Identifiers.MaxLength + 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("a,b")]
    [InlineData("a\nb")]
    [InlineData("é")]
    [InlineData("٣")] // a digit, but not an ASCII one
    [InlineData("ａ")] // full-width letter
    [InlineData(".")] // path segments that HTTP clients rewrite
    [InlineData("..")]
    [InlineData("...")]
    public void IsValid_OtherCharactersOrEmpty_ReturnsFalse(string? value)
    {
        Assert.False(Identifiers.IsValid(value));
    }

    [Fact]
    public void IsValid_Span_MatchesString()
    {
        Assert.True(Identifiers.IsValid("abc-1".AsSpan()));
        Assert.False(Identifiers.IsValid(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void Rule_DescribesLengthAndCharacters()
    {
        Assert.Contains("1 to 64", Identifiers.Rule, StringComparison.Ordinal);
    }
}
