using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClusterLocator.Protocol;

/// <summary>
/// The source-generated JSON metadata of the wire contract v1: camelCase, nulls omitted,
/// numbers only as JSON numbers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(ClusterReport))]
[JsonSerializable(typeof(ReportAccepted))]
[JsonSerializable(typeof(LocateResponse))]
[JsonSerializable(typeof(LocateExplanation))]
[JsonSerializable(typeof(ClusterList))]
[JsonSerializable(typeof(LocatorStatus))]
[JsonSerializable(typeof(Problem))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context for writing answers: like <see cref="Default"/>, but quotes and apostrophes in
    /// messages stay readable instead of becoming <c>\u0027</c>. Answers are JSON, never HTML.
    /// </summary>
    public static ProtocolJsonContext Wire => WireHolder.Instance;

    // A nested holder: initialized on first use, after the generated Default, which it copies.
    private static class WireHolder
    {
        public static readonly ProtocolJsonContext Instance = new(new JsonSerializerOptions(Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
