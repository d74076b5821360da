using System.Buffers.Binary;
using System.Text;

namespace ClusterLocator.Fuzz.Dns;

/// <summary>
/// Seeded DNS packets for the locator's DNS interface: well-formed queries of every shape it answers,
/// and their mutations (bit flips, cuts, wrong counts, compression loops, odd opcodes, answers instead
/// of queries, EDNS options of any length, plain noise). Built byte by byte on purpose: a fuzzer
/// must write what no encoder would.
/// </summary>
internal static class DnsPackets
{
    private static readonly string[] Names =
    [
        "_erp._tcp.locator.", "_erp._http.locator.", "_erp._tcp.eu.locator.", "erp.locator.", "a.cluster.locator.",
        "locator.", "x.y.z.locator.", "_._tcp.locator.", "example.com.", "_erp._udp.locator.", "a..b.cluster.locator.",
    ];

    private static readonly ushort[] Types = [33, 1, 28, 16, 255, 6, 5, 0, 65535, 41];

    /// <summary>A well-formed query of <paramref name="name"/>, with EDNS when <paramref name="edns"/>.</summary>
    public static byte[] Query(string name, ushort type, ushort id, bool edns)
    {
        var packet = new List<byte>(64);
        Header(packet, id, flags: 0x0100, questions: 1, additional: (ushort)(edns ? 1 : 0));
        WriteName(packet, name);
        WriteUInt16(packet, type);
        WriteUInt16(packet, 1);
        if (edns)
        {
            packet.Add(0);
            WriteUInt16(packet, 41);
            WriteUInt16(packet, 1232);
            WriteUInt16(packet, 0);
            WriteUInt16(packet, 0);
            WriteUInt16(packet, 0);
        }

        return [.. packet];
    }

    /// <summary>The next packet of the seeded sequence.</summary>
    public static byte[] Next(Random random)
    {
        var valid = Query(Names[random.Next(Names.Length)], Types[random.Next(Types.Length)], (ushort)random.Next(65536), random.Next(2) == 0);
        switch (random.Next(10))
        {
            case 0:
                return valid;
            case 1:
                // Flipped bits.
                for (var i = random.Next(1, 8); i > 0; i--)
                {
                    valid[random.Next(valid.Length)] ^= (byte)(1 << random.Next(8));
                }

                return valid;
            case 2:
                return valid[..random.Next(valid.Length)];
            case 3:
                // Counts that promise more (or fewer) records than follow.
                BinaryPrimitives.WriteUInt16BigEndian(valid.AsSpan(4 + (2 * random.Next(4))), (ushort)random.Next(65536));
                return valid;
            case 4:
                // A name that points at itself, or before the message.
                valid[12] = 0xC0;
                valid[13] = (byte)random.Next(0, 14);
                return valid;
            case 5:
                // Any opcode, an answer instead of a query, truncated, any rcode.
                valid[2] = (byte)random.Next(256);
                valid[3] = (byte)random.Next(256);
                return valid;
            case 6:
                return Noise(random, random.Next(0, 600));
            case 7:
                return EdnsOption(random);
            case 8:
                return LongName(random);
            default:
                // Valid, with noise appended.
                return [.. valid, .. Noise(random, random.Next(1, 64))];
        }
    }

    private static byte[] EdnsOption(Random random)
    {
        var packet = new List<byte>(Query("_erp._tcp.locator.", 33, (ushort)random.Next(65536), edns: true));
        // Rewrite the OPT's RDLENGTH and add one option: the Extended DNS Error code, or any other.
        var optionLength = (ushort)random.Next(0, 40);
        var declared = random.Next(3) == 0 ? (ushort)random.Next(65536) : (ushort)(4 + optionLength);
        packet.RemoveRange(packet.Count - 2, 2);
        WriteUInt16(packet, declared);
        WriteUInt16(packet, random.Next(2) == 0 ? (ushort)15 : (ushort)random.Next(65536));
        WriteUInt16(packet, random.Next(4) == 0 ? (ushort)random.Next(65536) : optionLength);
        packet.AddRange(Noise(random, optionLength));
        return [.. packet];
    }

    private static byte[] LongName(Random random)
    {
        var packet = new List<byte>(600);
        Header(packet, (ushort)random.Next(65536), 0x0100, 1, 0);
        for (var i = random.Next(1, 140); i > 0; i--)
        {
            var length = random.Next(1, 70);
            packet.Add((byte)length);
            packet.AddRange(Encoding.ASCII.GetBytes(new string((char)('a' + random.Next(26)), length)));
        }

        packet.Add(0);
        WriteUInt16(packet, 33);
        WriteUInt16(packet, 1);
        return [.. packet];
    }

    private static byte[] Noise(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void Header(List<byte> packet, ushort id, ushort flags, ushort questions, ushort additional)
    {
        WriteUInt16(packet, id);
        WriteUInt16(packet, flags);
        WriteUInt16(packet, questions);
        WriteUInt16(packet, 0);
        WriteUInt16(packet, 0);
        WriteUInt16(packet, additional);
    }

    private static void WriteName(List<byte> packet, string name)
    {
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(Encoding.ASCII.GetBytes(label));
        }

        packet.Add(0);
    }

    private static void WriteUInt16(List<byte> packet, ushort value)
    {
        packet.Add((byte)(value >> 8));
        packet.Add((byte)value);
    }
}
