namespace EquiDyn.Data;

/// <summary>A training set and a test set of the same kind (e.g. MNIST's 60,000/10,000 split).</summary>
/// <param name="Train">The training set.</param>
/// <param name="Test">The test (evaluation) set.</param>
public sealed record DataSplit(ImageDataset Train, ImageDataset Test);
