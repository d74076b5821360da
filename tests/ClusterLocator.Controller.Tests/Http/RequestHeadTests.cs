using System.Buffers;
using System.Text;
using ClusterLocator.Controller.Http;

namespace ClusterLocator.Controller.Tests.Http;

/// <summary>How the pinned front door tells a complete first request head from one still arriving, too large or not HTTP/1.x.</summary>
public sealed class RequestHeadTests
{
    private const int Limit = 256;

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET /a?b=c HTTP/1.0\r\nHost: x\r\n\r\n")]
    [InlineData("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")]
    [InlineData("\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    public void Inspect_WholeHead_IsComplete(string received) =>
        Assert.Equal(RequestHead.State.Complete, RequestHead.Inspect(Bytes(received), Limit));

    [Theory]
    [InlineData("")]
    [InlineData("GE")]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r")]
    public void Inspect_PartOfAHead_IsIncomplete(string received) =>
        Assert.Equal(RequestHead.State.Incomplete, RequestHead.Inspect(Bytes(received), Limit));

    [Theory]
    [InlineData("PRI * HTTP/2.0\r\n\r\n")]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET  HTTP/1.1\r\n\r\n")]
    [InlineData("G(T / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / x HTTP/1.1\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001 TLS hello\r\n")]
    public void Inspect_NotAnHttp1RequestLine_IsMalformed(string received) =>
        Assert.Equal(RequestHead.State.Malformed, RequestHead.Inspect(Bytes(received), Limit));

    [Fact]
    public void Inspect_OverTheLimit_IsTooLarge_WhetherItEndsOrNot()
    {
        var start = "GET / HTTP/1.1\r\nX: " + new string('p', Limit);

        Assert.Equal(RequestHead.State.TooLarge, RequestHead.Inspect(Bytes(start), Limit));
        Assert.Equal(RequestHead.State.TooLarge, RequestHead.Inspect(Bytes(start + "\r\n\r\n"), Limit));
        Assert.Equal(RequestHead.State.TooLarge, RequestHead.Inspect(Bytes("GET /" + new string('p', Limit)), Limit));
    }

    [Fact]
    public void Inspect_HeadSplitOverManySegments_IsComplete()
    {
        var text = "GET /split HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n";
        Assert.Equal(RequestHead.State.Complete, RequestHead.Inspect(Segmented(Encoding.ASCII.GetBytes(text)), Limit));
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.Latin1.GetBytes(text));

    /// <summary>One segment a byte, so every delimiter straddles segments.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes)
    {
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
