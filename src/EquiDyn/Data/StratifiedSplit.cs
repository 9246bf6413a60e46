namespace EquiDyn.Data;

/// <summary>
/// A reproducible stratified train/test split of labelled samples. Algorithm (one <see cref="DataRandom"/> seeded
/// once): for each class c in increasing order, take the indices with label c in increasing order, shuffle them, and
/// send the first round(f·n_c) (midpoint rounding away from zero) to the test set and the rest to the training set;
/// then shuffle the training indices, then the test indices, so that classes are interleaved.
/// </summary>
public static class StratifiedSplit
{
    /// <summary>Splits sample indices 0 … labels.Length − 1.</summary>
    /// <param name="labels">Class labels (any non-negative integers).</param>
    /// <param name="testFraction">f, the fraction of each class that goes to the test set, in [0, 1].</param>
    /// <param name="seed">Seed of the <see cref="DataRandom"/>.</param>
    /// <returns>Disjoint index arrays covering all samples.</returns>
    public static (int[] Train, int[] Test) Split(ReadOnlySpan<int> labels, double testFraction, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(testFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(testFraction, 1.0);
        var rng = new DataRandom(seed);
        var byClass = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(labels[i], nameof(labels));
            if (!byClass.TryGetValue(labels[i], out var list))
                byClass[labels[i]] = list = [];
            list.Add(i);
        }
        var train = new List<int>();
        var test = new List<int>();
        foreach (var members in byClass.Values)
        {
            var shuffled = members.ToArray();
            rng.Shuffle(shuffled.AsSpan());
            var nTest = (int)Math.Round(testFraction * shuffled.Length, MidpointRounding.AwayFromZero);
            test.AddRange(shuffled[..nTest]);
            train.AddRange(shuffled[nTest..]);
        }
        var trainArray = train.ToArray();
        var testArray = test.ToArray();
        rng.Shuffle(trainArray.AsSpan());
        rng.Shuffle(testArray.AsSpan());
        return (trainArray, testArray);
    }
}
