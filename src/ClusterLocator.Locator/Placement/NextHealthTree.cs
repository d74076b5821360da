using System.Numerics;

namespace ClusterLocator.Locator.Placement;

/// <summary>
/// A tournament tree over the slots of a service's clusters: every node holds the largest value
/// below it and how many leaves reach it, so the best cluster and an even draw among its equals are
/// found in O(log n), and a placement changes one leaf and its O(log n) ancestors. Two arrays rather
/// than an array of pairs, so a descent reads the values it compares side by side.
/// </summary>
/// <remarks>
/// Writers are serialized by the caller; a reader descends without a lock and may see a tree
/// half-updated by a concurrent placement, so <see cref="Find"/> ends on a leaf whatever it reads,
/// and its caller checks the cluster it names.
/// </remarks>
internal sealed class NextHealthTree
{
    /// <summary>The value of a slot that no decision may choose: below every health.</summary>
    public const double Absent = -1;

    private readonly double[] _max;
    private readonly int[] _ties;
    private readonly int _leaves;

    public NextHealthTree(int slots)
    {
        _leaves = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(slots, 1));
        _max = new double[2 * _leaves];
        _ties = new int[2 * _leaves];
        Array.Fill(_max, Absent);
        Array.Fill(_ties, 1);
    }

    /// <summary>The largest value of any slot; <see cref="Absent"/> when none can be chosen.</summary>
    public double Max => Volatile.Read(ref _max[1]);

    /// <summary>How many slots hold <see cref="Max"/>.</summary>
    public int Ties => Volatile.Read(ref _ties[1]);

    public double this[int slot] => _max[_leaves + slot];

    /// <summary>Sets one slot and the nodes above it.</summary>
    public void Set(int slot, double value)
    {
        var node = _leaves + slot;
        _max[node] = value;
        for (node >>= 1; node > 0; node >>= 1)
        {
            // A placement mostly lowers a cluster that was not the best of its part of the tree:
            // once a node keeps its value, every node above it does too.
            if (!Combine(node))
            {
                break;
            }
        }
    }

    /// <summary>Sets every slot from <paramref name="values"/> (absent past its end) in O(n).</summary>
    public void Load(ReadOnlySpan<double> values)
    {
        for (var slot = 0; slot < _leaves; slot++)
        {
            _max[_leaves + slot] = slot < values.Length ? values[slot] : Absent;
            _ties[_leaves + slot] = 1;
        }

        for (var node = _leaves - 1; node > 0; node--)
        {
            Combine(node);
        }
    }

    /// <summary>
    /// The slot of the <paramref name="draw"/>-th (from 0, in slot order) of the slots that hold the
    /// largest value: with a draw uniform in [0, <see cref="Ties"/>), each of them equally likely.
    /// </summary>
    public int Find(int draw)
    {
        var node = 1;
        while (node < _leaves)
        {
            var left = 2 * node;
            var leftMax = _max[left];
            var rightMax = _max[left + 1];
            if (leftMax > rightMax)
            {
                node = left;
            }
            else if (rightMax > leftMax)
            {
                node = left + 1;
            }
            else
            {
                var leftTies = _ties[left];
                if (draw < leftTies)
                {
                    node = left;
                }
                else
                {
                    draw -= leftTies;
                    node = left + 1;
                }
            }
        }

        return node - _leaves;
    }

    /// <summary>Sets a node from its children; whether that changed it.</summary>
    private bool Combine(int node)
    {
        var left = 2 * node;
        var leftMax = _max[left];
        var rightMax = _max[left + 1];
        var max = Math.Max(leftMax, rightMax);
        var ties = leftMax > rightMax ? _ties[left]
            : rightMax > leftMax ? _ties[left + 1]
            : _ties[left] + _ties[left + 1];
        if (_max[node] == max && _ties[node] == ties)
        {
            return false;
        }

        _ties[node] = ties;
        _max[node] = max;
        return true;
    }
}
