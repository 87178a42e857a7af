using ILGPU;

namespace CrossbarLab.Gpu;

/// <summary>
/// The SGEMM kernel: C = α·op(A)·op(B) + β·C for row-major matrices, one thread per element of C, in groups of
/// <see cref="Tile"/>×<see cref="Tile"/> threads that stage a Tile×Tile block of op(A) and one of op(B) in
/// shared memory per step of K, so each element loaded from device memory is used Tile times.
/// </summary>
/// <remarks>
/// Threads past the edge of a matrix load zeros and store nothing, so any m, n, k works (k = 0 gives β·C).
/// Each element of C is summed over K in one fixed order (p = 0, 1, …), so results do not depend on the grid.
/// C is not read when β = 0 (BLAS semantics: NaN or garbage in C is ignored).
/// </remarks>
internal static class TiledGemmKernel
{
    /// <summary>Edge of a tile and of a thread group: 16×16 = 256 threads, 1,088 B of shared memory per operand.
    /// </summary>
    public const int Tile = 16;

    // One float of padding per row: a transposed store walks down a column of the tile, and the padding puts
    // consecutive elements of that column in different shared-memory banks.
    private const int Pitch = Tile + 1;

    /// <summary>Launch shape: a grid of ⌈n/Tile⌉ × ⌈m/Tile⌉ groups of Tile × Tile threads.</summary>
    public static KernelConfig Config(int m, int n) =>
        new(new Index2D((n + Tile - 1) / Tile, (m + Tile - 1) / Tile), new Index2D(Tile, Tile));

    /// <summary>The kernel body; thread (x, y) of group (X, Y) computes C[Y·Tile + y, X·Tile + x].</summary>
    public static void Run(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, GemmArguments g)
    {
        var aTile = SharedMemory.Allocate<float>(Tile * Pitch);
        var bTile = SharedMemory.Allocate<float>(Tile * Pitch);
        int tx = Group.IdxX;
        int ty = Group.IdxY;
        int row0 = Grid.IdxY * Tile;
        int col0 = Grid.IdxX * Tile;

        // Which thread loads which element: consecutive threads (tx) walk along the contiguous direction of the
        // stored matrix, so a warp's loads coalesce whether or not the operand is transposed.
        int aRow = g.TransA != 0 ? tx : ty;
        int aCol = g.TransA != 0 ? ty : tx;
        int bRow = g.TransB != 0 ? tx : ty;
        int bCol = g.TransB != 0 ? ty : tx;

        float sum = 0f;
        for (int p0 = 0; p0 < g.K; p0 += Tile)
        {
            aTile[aRow * Pitch + aCol] = LoadA(a, g, row0 + aRow, p0 + aCol);
            bTile[bRow * Pitch + bCol] = LoadB(b, g, p0 + bRow, col0 + bCol);
            Group.Barrier();
            for (int p = 0; p < Tile; p++)
                sum += aTile[ty * Pitch + p] * bTile[p * Pitch + tx];
            Group.Barrier();
        }

        int row = row0 + ty;
        int col = col0 + tx;
        if (row >= g.M || col >= g.N)
            return;
        long at = (long)row * g.Ldc + col;
        c[at] = g.Beta == 0f ? g.Alpha * sum : g.Alpha * sum + g.Beta * c[at];
    }

    /// <summary>op(A)[row, col] (m × k), or 0 outside the matrix.</summary>
    private static float LoadA(ArrayView<float> a, GemmArguments g, int row, int col)
    {
        if (row >= g.M || col >= g.K)
            return 0f;
        return g.TransA != 0 ? a[(long)col * g.Lda + row] : a[(long)row * g.Lda + col];
    }

    /// <summary>op(B)[row, col] (k × n), or 0 outside the matrix.</summary>
    private static float LoadB(ArrayView<float> b, GemmArguments g, int row, int col)
    {
        if (row >= g.K || col >= g.N)
            return 0f;
        return g.TransB != 0 ? b[(long)col * g.Ldb + row] : b[(long)row * g.Ldb + col];
    }
}
