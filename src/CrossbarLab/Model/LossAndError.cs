namespace CrossbarLab.Model;

/// <summary>A network's mean softmax cross-entropy (nats) and error (fraction in [0, 1]) on a data set.</summary>
public readonly record struct LossAndError(double Loss, double Error);
