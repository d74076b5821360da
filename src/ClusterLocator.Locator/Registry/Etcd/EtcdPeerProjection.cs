using System.Text.Json;
using ClusterLocator.Locator.Sharing;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Locator.Registry.Etcd;

/// <summary>
/// The locators announced under <c>{prefix}locators/</c>, as read and watched: every other locator's
/// URL, published as one list on each change, and a word to this locator's announcement when its own
/// key goes. A key whose value is not <c>{"url":"http(s)://…"}</c> is logged and skipped.
/// </summary>
internal sealed partial class EtcdPeerProjection(EtcdStoreSettings settings, LocatorInstance instance, ILogger<EtcdPeerProjection> logger) : IEtcdPrefixView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Uri> _announced = new(StringComparer.Ordinal);
    private volatile Uri[] _peers = [];
    private bool _overLimit;

    /// <summary>This locator's id among its peers (<see cref="LocatorInstance"/>): its key is <c>{prefix}locators/{InstanceId}</c>.</summary>
    public string InstanceId => instance.Id;

    public string KeyPrefix => settings.LocatorsPrefix;

    /// <summary>This locator's own key.</summary>
    public ByteString OwnKey => ByteString.CopyFromUtf8(KeyPrefix + InstanceId);

    /// <summary>
    /// The URL this locator announces, left out of <see cref="Peers"/> under any id: a locator restarted
    /// at the same URL still finds the key of its previous run until that key's lease runs out.
    /// </summary>
    public Uri? Advertised { get; set; }

    /// <summary>Every other locator's URL, each once; the first <see cref="LocatorOptions.MaxPeers"/> by id.</summary>
    public IReadOnlyList<Uri> Peers => _peers;

    /// <summary>This locator's key was deleted, or is missing from a fresh read: announce again.</summary>
    public event Action? OwnKeyGone;

    /// <summary>The value of a locator's key.</summary>
    public static ByteString Encode(Uri url)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("url", url.ToString());
            json.WriteEndObject();
        }

        return ByteString.CopyFrom(stream.ToArray());
    }

    public void Loaded(IEnumerable<Mvccpb.KeyValue> keys)
    {
        var ownPresent = false;
        lock (_gate)
        {
            _announced.Clear();
            foreach (var kv in keys)
            {
                ownPresent |= Apply(kv, deleted: false);
            }

            Publish();
        }

        if (!ownPresent)
        {
            OwnKeyGone?.Invoke();
        }
    }

    public void Watched(IEnumerable<Mvccpb.Event> events)
    {
        var ownGone = false;
        lock (_gate)
        {
            foreach (var change in events)
            {
                var deleted = change.Type == Mvccpb.Event.Types.EventType.Delete;
                if (Apply(change.Kv, deleted))
                {
                    ownGone = deleted;
                }
            }

            Publish();
        }

        if (ownGone)
        {
            OwnKeyGone?.Invoke();
        }
    }

    /// <summary>Records one key; true when it is this locator's own.</summary>
    private bool Apply(Mvccpb.KeyValue kv, bool deleted)
    {
        var id = kv.Key.ToStringUtf8()[KeyPrefix.Length..];
        if (string.Equals(id, InstanceId, StringComparison.Ordinal))
        {
            return true;
        }

        if (!deleted && Decode(kv.Value) is { } url)
        {
            _announced[id] = url;
        }
        else
        {
            _announced.Remove(id);
            if (!deleted)
            {
                Log.UnreadableKey(logger, KeyPrefix + id);
            }
        }

        return false;
    }

    // Kept to the first LocatorOptions.MaxPeers by id, as --peer is: every sync interval sends a
    // request to each, and whoever may write the prefix could otherwise make this locator post to
    // any number of URLs. Logged when the limit is first exceeded, again only after falling back.
    private void Publish()
    {
        var advertised = Advertised;
        Uri[] peers = [.. _announced.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).Where(url => url != advertised).Distinct()];
        if (peers.Length <= LocatorOptions.MaxPeers)
        {
            _overLimit = false;
            _peers = peers;
            return;
        }

        if (!_overLimit)
        {
            _overLimit = true;
            Log.TooManyPeers(logger, peers.Length, KeyPrefix, LocatorOptions.MaxPeers);
        }

        _peers = peers[..LocatorOptions.MaxPeers];
    }

    private static Uri? Decode(ByteString value)
    {
        try
        {
            using var document = JsonDocument.Parse(value.Memory);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("url", out var url)
                && url.ValueKind == JsonValueKind.String
                && PeerAddress.TryParse(url.GetString(), out var parsed)
                && AdvertisedUrl.IsConcrete(parsed)
                ? parsed
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
