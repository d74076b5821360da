using ClusterLocator.Protocol.Validation;

namespace ClusterLocator.Protocol.Tests.Validation;

public class EndpointAddressTests
{
    [Theory]
    [InlineData("10.0.0.5:9001", "10.0.0.5", 9001)]
    [InlineData("localhost:1", "localhost", 1)]
    [InlineData("node-1.example.com:65535", "node-1.example.com", 65535)]
    [InlineData("[::1]:80", "[::1]", 80)]
    [InlineData("[2001:db8::5]:9001", "[2001:db8::5]", 9001)]
    public void TryParseTcp_HostAndPort_ReturnsBoth(string address, string host, int port)
    {
        Assert.True(EndpointAddress.TryParseTcp(address, out var parsedHost, out var parsedPort));
        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.5:")]
    [InlineData(":9001")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("host:+80")]
    [InlineData("host: 80")]
    [InlineData("host:80x")]
    [InlineData("::1:80")]
    [InlineData("[::1:80")]
    [InlineData("[not-an-ip]:80")]
    [InlineData("bad host:80")]
    [InlineData("tcp://host:80")]
    [InlineData("[1.2.3.4]:80")] // brackets are for IPv6 only
    [InlineData("1.2.3:80")] // only the full dotted quad
    [InlineData("999.1.1.1:80")]
    public void TryParseTcp_Invalid_ReturnsFalseAndNoPort(string? address)
    {
        Assert.False(EndpointAddress.TryParseTcp(address, out var host, out var port));
        Assert.Equal(string.Empty, host);
        Assert.Equal(0, port);
    }

    [Fact]
    public void TryParseTcp_Over512Characters_ReturnsFalse()
    {
        Assert.False(EndpointAddress.TryParseTcp(new string('a', 510) + ":80", out _, out _));
    }

    [Theory]
    [InlineData("http://10.0.0.5:9002", 9002)]
    [InlineData("https://example.com:8443/base/", 8443)]
    [InlineData("http://[::1]:80", 80)]
    [InlineData("http://example.com", 80)]
    [InlineData("https://example.com", 443)]
    public void TryParseHttp_AbsoluteHttpUrl_ReturnsUriWithPort(string address, int port)
    {
        Assert.True(EndpointAddress.TryParseHttp(address, out var uri));
        Assert.NotNull(uri);
        Assert.Equal(port, uri.Port);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10.0.0.5:9002")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.com:21")]
    [InlineData("tcp://example.com:21")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://")]
    public void TryParseHttp_NotAnHttpUrl_ReturnsFalseAndNull(string? address)
    {
        Assert.False(EndpointAddress.TryParseHttp(address, out var uri));
        Assert.Null(uri);
    }

    [Fact]
    public void TryParseHttp_Over2048Characters_ReturnsFalse()
    {
        Assert.False(EndpointAddress.TryParseHttp("http://h:1/" + new string('a', 2048), out _));
    }
}
