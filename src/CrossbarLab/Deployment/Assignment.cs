namespace CrossbarLab.Deployment;

/// <summary>
/// The assignment problem: a one-to-one map of n items to n places that minimises the summed cost, solved exactly by the
/// Hungarian algorithm with potentials (Kuhn–Munkres, O(n³): about a millisecond for the 100 inputs of the die network).
/// </summary>
public static class Assignment
{
    /// <summary>For each item i, the place it gets; <paramref name="cost"/>[i, p] is the cost of item i at place p (n × n).</summary>
    public static int[] Solve(double[,] cost)
    {
        int n = cost.GetLength(0);
        if (cost.GetLength(1) != n) throw new ArgumentException("The cost matrix must be square.");
        // 1-based arrays as in the classic formulation: u, v potentials; match[p] = item at place p; way = augmenting path.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var match = new int[n + 1];
        var way = new int[n + 1];
        for (int item = 1; item <= n; item++)
        {
            match[0] = item;
            int p0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[p0] = true;
                int i0 = match[p0];
                double delta = double.PositiveInfinity;
                int p1 = 0;
                for (int p = 1; p <= n; p++)
                {
                    if (used[p]) continue;
                    double reduced = cost[i0 - 1, p - 1] - u[i0] - v[p];
                    if (reduced < minv[p])
                    {
                        minv[p] = reduced;
                        way[p] = p0;
                    }
                    if (minv[p] < delta)
                    {
                        delta = minv[p];
                        p1 = p;
                    }
                }
                for (int p = 0; p <= n; p++)
                {
                    if (used[p])
                    {
                        u[match[p]] += delta;
                        v[p] -= delta;
                    }
                    else minv[p] -= delta;
                }
                p0 = p1;
            }
            while (match[p0] != 0);
            do
            {
                int p1 = way[p0];
                match[p0] = match[p1];
                p0 = p1;
            }
            while (p0 != 0);
        }
        var result = new int[n];
        for (int p = 1; p <= n; p++) result[match[p] - 1] = p - 1;
        return result;
    }
}
