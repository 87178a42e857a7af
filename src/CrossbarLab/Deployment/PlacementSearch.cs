using CrossbarLab.Compute;
using CrossbarLab.Data;
using CrossbarLab.Evaluation;
using CrossbarLab.Hardware;
using CrossbarLab.Model;

namespace CrossbarLab.Deployment;

/// <summary>
/// Defect-aware placement: with the die's defect map, move each logical input and hidden neuron to the physical row and
/// column pair where the die's defects hurt least, by two exact assignments per layer (<see cref="Assignment"/>).
/// </summary>
/// <remarks>
/// The estimated damage of a defective cell at physical (r, c) is its weight error |d| (the mean of |w_eff − 1| when
/// programmed +1 and |w_eff + 1| when programmed −1), times how often its row is driven (the fraction of calibration images
/// on which the logical input placed there is nonzero: with 0/1 inputs, a short on the row of a pixel that is almost never
/// on costs almost nothing; with ±1 inputs every row is driven on every image), times how much the neuron on its column
/// matters (the fraction of calibration images whose class changes when that neuron's output is flipped). Rows are placed
/// first (with every column weighted alike), then the hidden neurons of each layer given its rows; a hidden neuron also
/// brings its row of the next layer on the die, so that row's damage, times how often the neuron is on, adds to its cost.
/// On a die without defects every cost is zero, and any placement computes exactly what the solution does.
/// </remarks>
public static class PlacementSearch
{
    /// <summary>The placement of <paramref name="network"/> on <paramref name="die"/> that minimises the estimated damage.</summary>
    /// <param name="calibration">Training images that measure how often inputs and neurons are on and how much neurons matter.</param>
    public static Placement Find(BinaryNetwork network, Die die, DifferentialMapping mapping, EncodedSet calibration, ICompute compute)
    {
        var spec = network.Spec;
        var defects = CellDefects.FromDie(die, mapping);
        var (activity, importance) = Usage(network, calibration, compute);
        var rows = Placement.Identity(spec).Rows;
        for (int l = 0; l < spec.LayersOnDie; l++)
        {
            var damage = Damage(defects.Layers[l], spec.Widths[l], spec.Widths[l + 1]);
            if (l == 0) rows[0] = Assignment.Solve(RowCosts(activity[0], damage));
            if (l + 1 >= spec.LayerCount) break;
            var next = l + 1 < spec.LayersOnDie ? Damage(defects.Layers[l + 1], spec.Widths[l + 1], spec.Widths[l + 2]) : null;
            rows[l + 1] = Assignment.Solve(ColumnCosts(activity[l], rows[l], importance[l], activity[l + 1], damage, next));
        }
        return new Placement(rows);
    }

    /// <summary>|d| of every cell of a layer (inputs × outputs, physical order); 0 where the cell is healthy.</summary>
    private static double[,] Damage(LayerDefects layer, int inputs, int outputs)
    {
        var damage = new double[inputs, outputs];
        for (int k = 0; k < layer.Cells.Length; k++)
        {
            int cell = layer.Cells[k];
            damage[cell / outputs, cell % outputs] = (Math.Abs(layer.IfPlus[k] - 1) + Math.Abs(layer.IfMinus[k] + 1)) / 2;
        }
        return damage;
    }

    /// <summary>Cost of logical input i on physical row r: how often i is driven × the row's damage.</summary>
    private static double[,] RowCosts(double[] activity, double[,] damage)
    {
        int n = activity.Length, outputs = damage.GetLength(1);
        var cost = new double[n, n];
        for (int r = 0; r < n; r++)
        {
            double row = 0;
            for (int c = 0; c < outputs; c++) row += damage[r, c];
            for (int i = 0; i < n; i++) cost[i, r] = activity[i] * row;
        }
        return cost;
    }

    /// <summary>
    /// Cost of hidden neuron j on column pair c: its importance × the column's damage weighted by how often each row's input
    /// is driven, plus how often j is on × the damage of row c of the next layer (if on the die).
    /// </summary>
    private static double[,] ColumnCosts(double[] inputActivity, int[] rows, double[] importance, double[] neuronActivity,
        double[,] damage, double[,]? next)
    {
        int inputs = damage.GetLength(0), n = damage.GetLength(1);
        var rowActivity = new double[inputs];
        for (int i = 0; i < inputs; i++) rowActivity[rows[i]] = inputActivity[i];
        var cost = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            double column = 0;
            for (int r = 0; r < inputs; r++) column += damage[r, c] * rowActivity[r];
            double outgoing = 0;
            if (next != null) for (int k = 0; k < next.GetLength(1); k++) outgoing += next[c, k];
            for (int j = 0; j < n; j++) cost[j, c] = importance[j] * column + neuronActivity[j] * outgoing;
        }
        return cost;
    }

    /// <summary>
    /// From the ideal network on the calibration images: per layer, how often each input is nonzero (activity), and per
    /// hidden layer, the fraction of images whose class changes when each neuron's output is flipped (importance, at
    /// least 1/N so that no neuron is free).
    /// </summary>
    private static (double[][] Activity, double[][] Importance) Usage(BinaryNetwork network, EncodedSet data, ICompute compute)
    {
        var spec = network.Spec;
        var ideal = EffectiveDieForward.Ideal(network, compute);
        int n = data.Count;
        var activations = new float[spec.LayerCount][];
        activations[0] = data.Inputs;
        for (int l = 0; l + 1 < spec.LayerCount; l++) activations[l + 1] = ideal.Propagate(network, activations[l], n, l, l + 1);
        var activity = new double[spec.LayerCount][];
        for (int l = 0; l < spec.LayerCount; l++)
        {
            int width = spec.Widths[l];
            activity[l] = new double[width];
            for (int s = 0; s < n; s++)
                for (int i = 0; i < width; i++) if (activations[l][s * width + i] != 0) activity[l][i] += 1.0 / n;
        }
        var importance = new double[spec.LayerCount][];
        for (int l = 0; l + 1 < spec.LayerCount; l++) importance[l] = FlipImportance(network, ideal, activations[l + 1], l + 1, n);
        return (activity, importance);
    }

    /// <summary>For each input of layer <paramref name="layer"/> (a hidden neuron), the fraction of images whose class its flip changes.</summary>
    private static double[] FlipImportance(BinaryNetwork network, EffectiveDieForward ideal, float[] hidden, int layer, int n)
    {
        int width = network.Spec.Widths[layer];
        float off = network.Spec.Encoding.Off();
        var classes = ideal.Classes(network, hidden, n, layer);
        var importance = new double[width];
        var flipped = (float[])hidden.Clone();
        for (int j = 0; j < width; j++)
        {
            for (int s = 0; s < n; s++) flipped[s * width + j] = hidden[s * width + j] == 1f ? off : 1f;
            var changed = ideal.Classes(network, flipped, n, layer);
            int count = 0;
            for (int s = 0; s < n; s++) if (changed[s] != classes[s]) count++;
            importance[j] = Math.Max(count, 1) / (double)n;
            for (int s = 0; s < n; s++) flipped[s * width + j] = hidden[s * width + j];
        }
        return importance;
    }
}
