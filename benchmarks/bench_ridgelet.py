"""Fourier-slice (FFT + chirp-z) ridgelet transform vs direct quadrature, same grids.

    python benchmarks/bench_ridgelet.py            # 512 x 512 (a, b) grid, 512 input samples
    python benchmarks/bench_ridgelet.py --n 256    # smaller

Target f(x) = exp(-x^2/2) sampled on 512 points of [-12, 12); ridgelets rho_4 (Dawson, the one the
chapters use) and G'' (Gaussian derivative).  Both methods are compared with the closed form
R[G; rho](a, b) = sqrt(2 pi) (-1)^k s^{-k-1} rho(b / s),  s = sqrt(1 + a^2),
where rho^#(w) = c (i w)^k [sign w] e^{-w^2/2}  (c = 1 for rho_k, sqrt(2 pi) for G^(k)).
(nnsym.ridgelet.ridgelet_transform_of_gaussian, the reference tests/test_ridgelet.py uses too).
pad = oversampling of the omega grid (period in b = pad x the b range): the FFT error is the
periodisation in b, which decays with pad as fast as rho decays (|t|^-5 for rho_4).
Times are the best of `--repeat` runs (direct: one run); the machine may be shared, so compare ratios.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from nnsym import ridgelet as rl


def best_time(fn, repeat: int) -> tuple[float, np.ndarray]:
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=512, help="grid size n_a = n_b (default 512)")
    ap.add_argument("--nx", type=int, default=512, help="input samples (default 512)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    x = np.linspace(-12, 12, args.nx, endpoint=False)
    f = np.exp(-(x**2) / 2)
    a = np.linspace(-8, 8, args.n)
    b = np.linspace(-16, 16, args.n)
    print(f"grid: n_a = n_b = {args.n}, n_x = {args.nx}; errors are max |R - R_exact| (max |R_exact| in brackets)")
    print(f"{'ridgelet':<10}{'method':<26}{'time [s]':>10}{'max error':>12}{'speed-up':>10}")
    for name, k in (("rho_4", 4), ("G_2", 2)):
        rho = rl.get_ridgelet_function(name)
        ref = rl.ridgelet_transform_of_gaussian(rho, k, a, b)
        t_d, R_d = best_time(lambda: rl.ridgelet_transform(f, rho, a, b, x), 1)
        e_d = np.max(np.abs(R_d - ref))
        print(f"{name:<10}{'direct quadrature':<26}{t_d:>10.3f}{e_d:>12.1e}{1.0:>9.1f}x   [{np.max(np.abs(ref)):.2f}]")
        for pad in (2, 4, 8):
            t_f, R_f = best_time(
                lambda: rl.ridgelet_transform_fourier(rl.sampled_fourier_transform(f, x), rho, a, b, pad=pad),
                args.repeat,
            )
            e_f = np.max(np.abs(R_f - ref))
            label = f"Fourier slice, pad={pad}"
            print(f"{name:<10}{label:<26}{t_f:>10.3f}{e_f:>12.1e}{t_d / t_f:>9.1f}x   |FFT-direct| = {np.max(np.abs(R_f - R_d)):.1e}")

if __name__ == "__main__":
    main()
