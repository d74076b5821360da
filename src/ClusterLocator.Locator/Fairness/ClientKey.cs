using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.Locator.Security;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Fairness;

/// <summary>
/// Who is asking, as fairness counts it: the name of the client's credential when the locator knows
/// clients by credential (<see cref="LocatorOptions.ClientCredentials"/>), else the source address.
/// The partition key of both the placement share and the rate limit. A value type over the address's
/// bits, so deriving it on every locate allocates nothing.
/// </summary>
internal readonly record struct ClientKey
{
    private ClientKey(string? credential, UInt128 address)
    {
        Credential = credential;
        Address = address;
    }

    /// <summary>The key that the clients past <see cref="PlacementShare.MaxTrackedClients"/> share.</summary>
    public static ClientKey Overflow { get; } = new("*", 0);

    /// <summary>The credential's name, or null for a client known by its address.</summary>
    public string? Credential { get; }

    /// <summary>
    /// The IPv6 address (an IPv4 one mapped into it), with only the /64 prefix kept: a host is given a
    /// whole /64 and may pick any address in it, so finer keys would let one host be many clients.
    /// </summary>
    public UInt128 Address { get; }

    /// <summary>The key of the client <paramref name="credential"/> names, or of the request's source address.</summary>
    public static ClientKey Of(HttpContext context, Credential? credential)
    {
        ArgumentNullException.ThrowIfNull(context);
        return credential is not null ? new ClientKey(credential.Name, 0) : OfAddress(context.Connection.RemoteIpAddress);
    }

    /// <summary>The key of <paramref name="address"/>; one shared key when there is none (a test server, a pipe).</summary>
    public static ClientKey OfAddress(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address is null)
        {
            return new ClientKey(null, 0);
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            // As ::ffff:a.b.c.d, so a client reaching a dual-stack socket over IPv4 is the same client.
            bytes.Clear();
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            _ = address.TryWriteBytes(bytes[12..], out _);
            return new ClientKey(null, BinaryPrimitives.ReadUInt128BigEndian(bytes));
        }

        _ = address.TryWriteBytes(bytes, out _);
        var value = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return new ClientKey(null, address.IsIPv4MappedToIPv6 ? value : value & ~(UInt128)ulong.MaxValue);
    }

    /// <summary>How a problem names the client: the credential, or the address (its /64 for IPv6).</summary>
    public override string ToString()
    {
        if (Credential is not null)
        {
            return $"credential '{Credential}'";
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Address);
        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? $"address {address.MapToIPv4()}" : $"addresses {address}/64";
    }
}
