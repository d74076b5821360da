namespace ClusterLocator.Fuzz.Checks;

/// <summary>The findings of a run, shared by its workers; the first ones are kept whole, the rest counted.</summary>
internal sealed class Findings
{
    private const int Kept = 50;
    private readonly Lock _gate = new();
    private readonly List<Finding> _kept = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _counts.Values.Sum();
            }
        }
    }

    public IReadOnlyList<Finding> First
    {
        get
        {
            lock (_gate)
            {
                return [.. _kept];
            }
        }
    }

    /// <summary>How many findings each check had.</summary>
    public IReadOnlyDictionary<string, int> ByCheck
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_counts);
            }
        }
    }

    public void Add(Finding finding)
    {
        lock (_gate)
        {
            _counts[finding.Check] = _counts.GetValueOrDefault(finding.Check) + 1;
            if (_kept.Count < Kept)
            {
                _kept.Add(finding);
            }
        }
    }
}
