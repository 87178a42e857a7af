namespace CrossbarLab.Gpu.Training;

/// <summary>
/// The shape of one training step as the kernels see it: every layer's values are feature-major, one row per feature
/// and one column per (instance k, sample b) pair at column r = k·Batch + b, so the K instances of a step sit side by
/// side and each dense product covers all of them at once.
/// </summary>
/// <param name="Batch">Samples per step (B).</param>
/// <param name="Columns">Columns of the double batch, K·B (R).</param>
internal readonly record struct StepShape(int Batch, int Columns);

/// <summary>Where the grouped defect entries of one layer and direction lie in the step's uploaded defect array
/// (<see cref="DefectPacking"/>).</summary>
/// <param name="StartsAt">Index of the start table: instance k's group t spans entries
/// [defects[StartsAt + k·(Groups + 1) + t], defects[StartsAt + k·(Groups + 1) + t + 1]).</param>
/// <param name="Groups">Groups per instance: the layer's outputs (forward) or inputs (backward).</param>
/// <param name="EntriesAt">Index of entry 0; entry p is (cell, bits of the value if +1, bits of the value if −1) at
/// EntriesAt + 3p.</param>
/// <param name="Outputs">The layer's outputs (cell = input·Outputs + output).</param>
/// <param name="LatentAt">Where the layer's latent weights start in the parameter buffer.</param>
internal readonly record struct DefectGroups(int StartsAt, int Groups, int EntriesAt, int Outputs, int LatentAt);

/// <summary>Scalars of the forward correction of one layer.</summary>
/// <param name="BaseColumns">Columns of the base rows: B for the first layer (its shared product), R otherwise.</param>
/// <param name="InputColumns">Columns of the layer's input rows: B for the first layer (the images), R otherwise.
/// </param>
/// <param name="OffsetAt">Where the layer's offsets start in the parameter buffer, or −1 without offsets.</param>
/// <param name="Last">1 for the output layer (no activation written).</param>
/// <param name="Off">The value of an inactive neuron: −1 (±1 encoding) or 0 (0/1).</param>
internal readonly record struct ForwardArguments(StepShape Shape, DefectGroups Defects, int BaseColumns,
    int InputColumns, int OffsetAt, int Last, float Off);

/// <summary>Scalars of the softmax cross-entropy of the output layer.</summary>
/// <param name="Classes">Outputs of the last layer.</param>
/// <param name="Scale">Logit per unit of column sum (the network's output scale).</param>
/// <param name="InverseRows">1/(K·B): the loss is the mean over samples × instances.</param>
internal readonly record struct SoftmaxArguments(StepShape Shape, int Classes, float Scale, float InverseRows);

/// <summary>Scalars of the backward correction of layer l ≥ 1 and the straight-through estimator of layer l − 1.
/// </summary>
/// <param name="SteScale">The estimator's slope c of layer l − 1.</param>
/// <param name="SteBound">|z| up to which it passes the gradient.</param>
internal readonly record struct BackwardArguments(StepShape Shape, DefectGroups Defects, float SteScale,
    float SteBound);

/// <summary>Scalars of a gradient correction at defective cells.</summary>
/// <param name="FirstInstance">The first instance of this chunk.</param>
/// <param name="Instances">Instances in this chunk.</param>
/// <param name="Cells">Cells of the layer (inputs × outputs).</param>
/// <param name="InputColumns">Columns of the layer's input rows: B for the first layer, R otherwise.</param>
/// <param name="GradientAt">Where the layer's weight gradient starts in the gradient buffer.</param>
internal readonly record struct CellArguments(StepShape Shape, DefectGroups Defects, int FirstInstance, int Instances,
    int Cells, int InputColumns, int GradientAt);

/// <summary>Scalars of one Adam update over the whole parameter buffer.</summary>
/// <param name="ClipEnd">Parameters before this index (the latent weights) are clipped to [−1, 1].</param>
/// <param name="WeightEnd">Parameters before this index are weights, whose signs are written for the next step.</param>
internal readonly record struct AdamArguments(float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2,
    float StepSize, float Eps, int ClipEnd, int WeightEnd);

/// <summary>Scalars of the gathering of one step's minibatch.</summary>
/// <param name="Features">Inputs per sample.</param>
/// <param name="First">Position in the epoch's order of the step's first sample.</param>
internal readonly record struct GatherArguments(int Batch, int Features, int First);

/// <summary>Scalars of a sum over the samples of each (feature, instance) pair.</summary>
/// <param name="SourceStride">Distance between feature rows of the source.</param>
/// <param name="Instances">Instances (blocks of Batch columns) per row.</param>
/// <param name="TargetAt">Where the sums start in the target.</param>
internal readonly record struct SampleSumArguments(int Batch, int SourceStride, int Instances, int TargetAt);

/// <summary>Scalars of a pairwise sum over instances: target[f·TargetStride + TargetAt + x] =
/// Σ_k source[f·SourceStride + k·InstanceStride + x], summed as a balanced tree.</summary>
internal readonly record struct PairwiseArguments(int Instances, int SourceStride, int InstanceStride,
    int TargetStride, int TargetAt);
