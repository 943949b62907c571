using static Edu.Sdk.torch;

namespace Edu.Samples;

/// <summary>
/// The exact minimiser of the MSE, as a yardstick for gradient descent: the normal equations
/// (X̃ᵀX̃) θ = X̃ᵀy with X̃ = [X, 1] (the bias trick), solved in double precision by Cholesky (X̃ᵀX̃ is symmetric
/// positive definite when the columns of X̃ are independent, as here).
/// </summary>
internal static class LeastSquares
{
    /// <summary>Returns W (d×1) and b (1) minimising mean((XW + b − y)²).</summary>
    public static (Tensor W, Tensor B) Solve(Tensor x, Tensor y)
    {
        var xs = x.to(float64).contiguous().data<double>();
        var ys = y.to(float64).contiguous().data<double>();
        int n = (int)x.size(0), d = (int)x.size(1), k = d + 1;
        var a = new double[k, k];
        var rhs = new double[k];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < k; r++)
            {
                double xr = r < d ? xs[i * d + r] : 1;
                rhs[r] += xr * ys[i];
                for (int c = 0; c < k; c++) a[r, c] += xr * (c < d ? xs[i * d + c] : 1);
            }
        // Cholesky: A = L Lᵀ, then L z = rhs and Lᵀ θ = z.
        var l = new double[k, k];
        for (int r = 0; r < k; r++)
            for (int c = 0; c <= r; c++)
            {
                double s = a[r, c];
                for (int j = 0; j < c; j++) s -= l[r, j] * l[c, j];
                l[r, c] = r == c ? Math.Sqrt(s) : s / l[c, c];
            }
        var z = new double[k];
        for (int r = 0; r < k; r++)
        {
            double s = rhs[r];
            for (int j = 0; j < r; j++) s -= l[r, j] * z[j];
            z[r] = s / l[r, r];
        }
        var theta = new double[k];
        for (int r = k - 1; r >= 0; r--)
        {
            double s = z[r];
            for (int j = r + 1; j < k; j++) s -= l[j, r] * theta[j];
            theta[r] = s / l[r, r];
        }
        return (tensor(theta[..d], [d, 1]).to(x.dtype), tensor(theta[d..], [1]).to(x.dtype));
    }
}
