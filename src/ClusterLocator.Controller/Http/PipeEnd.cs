using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ClusterLocator.Controller.Tcp;
using Microsoft.AspNetCore.Connections;

namespace ClusterLocator.Controller.Http;

/// <summary>
/// A Kestrel connection as the client side of a pinned session: its transport, past TLS when the
/// front door is https, so TLS still ends at the controller. Kestrel owns the socket and its receive
/// loop, so this side reads and writes Kestrel's pipes; a failure of the connection surfaces as the
/// <see cref="SocketException"/> every <see cref="RelayEnd"/> reports.
/// </summary>
internal sealed class PipeEnd(ConnectionContext connection) : RelayEnd
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        var input = connection.Transport.Input;
        ReadResult result;
        try
        {
            result = await input.ReadAsync();
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw Failed();
        }

        var data = result.Buffer;
        if (data.IsEmpty)
        {
            input.AdvanceTo(data.End);
            return result.IsCompleted || result.IsCanceled ? 0 : throw Failed();
        }

        var length = (int)Math.Min(data.Length, buffer.Length);
        data.Slice(0, length).CopyTo(buffer.Span);
        input.AdvanceTo(data.GetPosition(length));
        return length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public override async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        FlushResult result;
        try
        {
            result = await connection.Transport.Output.WriteAsync(bytes);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            throw Failed();
        }

        if (result.IsCompleted || result.IsCanceled)
        {
            // The transport stopped reading what is written: the client is gone.
            throw Failed();
        }
    }

    /// <summary>Completes the output: Kestrel sends what is left and closes the connection.</summary>
    public override void EndSending() => connection.Transport.Output.Complete();

    public override void Cut() => connection.Abort(new ConnectionAbortedException("The pinned session was cut."));

    private static bool IsConnectionFailure(Exception ex) => ex is IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException;

    private static SocketException Failed() => new((int)SocketError.ConnectionReset);
}
