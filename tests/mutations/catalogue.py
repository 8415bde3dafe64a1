"""The mutants: realistic mathematical faults in ``nnsym``, one small text patch each.

A :class:`Mutant` replaces ``old`` (which must occur exactly once in ``src/nnsym/<module>.py``;
``module`` may name a file of a sub-package, e.g. ``"ridgelet/transforms"``)
by ``new`` in a temporary copy of the package. ``chapters`` are the chapter notebooks that
use the patched code (tried in this order; the first that fails catches the mutant) and
``tests`` the unit-test files that exercise it. When the source changes so that ``old`` no
longer occurs exactly once, the harness fails with the mutant's name: update its patch here.

An equivalent mutant (one that does not change the mathematics) is not a finding; do not
add one. A mutant that survives every chapter is a finding: give it a ``chapter_gap`` (what
claim lacks a check) until the chapter owner adds the check.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    """One fault: ``src/nnsym/<module>.py`` with ``old`` replaced by ``new``."""

    name: str
    module: str
    old: str
    new: str
    chapters: tuple[str, ...]
    tests: tuple[str, ...]
    why: str
    #: Non-empty for a known finding: no chapter check catches this mutant yet (says which
    #: claim lacks a check). The suite then reports it as xfail; once a chapter catches the
    #: mutant the suite fails until this is emptied.
    chapter_gap: str = ""
    #: The same for the unit tests: non-empty while no unit test catches the mutant.
    unit_gap: str = ""


C1, C2, C3, C4, C5, C6 = ("01_permutations", "02_functional_dimension", "03_ridgelet", "04_ghosts",
                          "05_ridgelet_spectrum", "06_covering_numbers")

MUTANTS: tuple[Mutant, ...] = (
    # ------------------------------------------------------------------ counting
    Mutant("count: n! -> n^n", "counting",
           "total *= math.factorial(n) * (2**n",
           "total *= n**n * (2**n",
           (C1,), ("test_counting.py",),
           "prod n_l! replaced by prod n_l^{n_l}"),
    Mutant("count: prod n_l! -> (sum n_l)!", "counting",
           "    total = 1\n    for n in ws:\n        total *= math.factorial(n) * (2**n if sign_flips else 1)\n",
           "    total = math.factorial(sum(ws)) * (2 ** sum(ws) if sign_flips else 1)\n",
           (C1,), ("test_counting.py",),
           "the units of different layers permuted together"),
    Mutant("log10 count: sign-flip factor dropped", "counting",
           "nat += sum(ws) * math.log(2)",
           "nat += 0.0",
           (C1,), ("test_counting.py",),
           "2^{n_l} missing from the lgamma log-count with sign flips"),
    Mutant("Stirling: wrong sign of log(2 pi n)/2", "counting",
           "return n * sp.log(n) - n + sp.log(2 * sp.pi * n) / 2",
           "return n * sp.log(n) - n - sp.log(2 * sp.pi * n) / 2",
           (C1, C6), ("test_counting.py", "test_covering.py"),
           "a Stirling term with the wrong sign"),
    Mutant("Stirling: 2 pi dropped", "counting",
           "sp.log(2 * sp.pi * n) / 2",
           "sp.log(sp.pi * n) / 2",
           (C1, C6), ("test_counting.py", "test_covering.py"),
           "sqrt(2 pi n) written sqrt(pi n)"),
    # ------------------------------------------------------------------ symmetry
    Mutant("sign flip: outgoing weights not flipped", "symmetry",
           "(np.arange(s.size), s.astype(float), s.astype(float))",
           "(np.arange(s.size), s.astype(float), np.ones(s.size))",
           (C1,), ("test_symmetry.py",),
           "only the incoming weights and bias change sign"),
    Mutant("rescaling: outgoing weights times alpha, not 1/alpha", "symmetry",
           "(np.arange(a.size), a.astype(float), 1.0 / a.astype(float))",
           "(np.arange(a.size), a.astype(float), a.astype(float))",
           (C2,), ("test_symmetry.py",),
           "D W_{l+1} D instead of W_{l+1} D^{-1}"),
    Mutant("permutation: outgoing columns not permuted", "symmetry",
           "Ws[l + 1] = Ws[l + 1][:, idx] * s_out[None, :]",
           "Ws[l + 1] = Ws[l + 1] * s_out[None, :]",
           (C1,), ("test_symmetry.py",),
           "P W_l but W_{l+1} instead of W_{l+1} P^T"),
    Mutant("group order: sign-flip factor 2^n dropped", "symmetry",
           "return count_equivalent_minima(hidden, bool(sign_flips)) if hidden else 1",
           "return count_equivalent_minima(hidden, False) if hidden else 1",
           (C1,), ("test_symmetry.py",),
           "|G_pm| = prod n_l! without the 2^{n_l} of the sign flips"),
    Mutant("orbit size: stabiliser ignored", "symmetry",
           "    return order // stabiliser_order(params, sign_flips, max_nodes=max_nodes)\n",
           "    return order\n",
           (C1,), ("test_symmetry.py",),
           "|G theta| = |G| also for parameters with a non-trivial stabiliser (equal units)"),
    Mutant("stabiliser: sign choices of zero rows not counted", "symmetry",
           "        if sign_flips and sT[t_idx[0]] == 0:\n            count *= 2 ** len(t_idx)\n",
           "",
           (C1,), ("test_symmetry.py",),
           "a zero unit (incoming row, bias, outgoing column all 0) is fixed by both signs: "
           "2^k stabiliser elements per class of k zero rows"),
    # Not a mutant: removing the guard of enumerate_orbit that refuses sign flips for ReLU
    # changes no formula (the claim "sign flips are no ReLU symmetry" is checked directly in
    # Chapter 1 with flip_signs, and by test_enumerate_orbit_rejects_bad_requests).
    # ------------------------------------------------------------------ networks
    Mutant("count_params: bias column forgotten", "networks",
           "return sum(ws[l] * (ws[l - 1] + 1) for l in range(1, len(ws)))",
           "return sum(ws[l] * ws[l - 1] for l in range(1, len(ws)))",
           (C6, C2), ("test_networks.py", "test_fdim.py"),
           "P = sum n_l n_{l-1}, off by sum n_l"),
    Mutant("forward: activation applied to the output layer", "networks",
           "out = h @ params.weights[-1].T + params.biases[-1]",
           "out = act(h @ params.weights[-1].T + params.biases[-1])",
           (C6, C1), ("test_networks.py",),
           "the output layer is affine, not activated"),
    # ------------------------------------------------------------------ training
    Mutant("accuracy: argmin instead of argmax", "training",
           "np.argmax(forward(params, X), axis=1) == labels",
           "np.argmin(forward(params, X), axis=1) == labels",
           (C6, C1), ("test_training.py",),
           "the predicted class is the largest output"),
    # ------------------------------------------------------------------ fdim
    Mutant("tanh derivative: 1 - tanh instead of 1 - tanh^2", "networks",
           "lambda z: 1.0 - torch.tanh(z) ** 2,",
           "lambda z: 1.0 - torch.tanh(z),",
           (C2,), ("test_fdim.py",),
           "a wrong derivative of tanh in the closed-form Jacobian"),
    Mutant("Jacobian: weight block transposed", "fdim",
           "            d[:, :, :, None],\n"
           "            a[:, None, None, :-1],\n"
           "            out=J[:, :, sl.weight].view(n, n_out, n_l, n_in),\n",
           "            d[:, :, None, :],\n"
           "            a[:, None, :-1, None],\n"
           "            out=J[:, :, sl.weight].view(n, n_out, n_in, n_l),\n",
           (C2,), ("test_fdim.py",),
           "vec(W_l) in column-major instead of row-major order"),
    Mutant("Jacobian: bias columns missing", "fdim",
           "J[:, :, sl.bias] = d  # the bias columns are Delta_l itself",
           "J[:, :, sl.bias] = 0.0",
           (C2,), ("test_fdim.py",),
           "d f / d b_l = Delta_l forgotten"),
    Mutant("Gram route: tolerance not squared", "fdim",
           "return int((lam > tol**2 * top).sum()) if top > 0 else 0",
           "return int((lam > tol * top).sum()) if top > 0 else 0",
           (C2,), ("test_fdim.py",),
           "eigenvalues of J J^T are sigma^2: the threshold must be squared"),
    Mutant("functional-dimension bound: off by one", "fdim",
           "    bound = count_params(ws) - sum(ws[1:-1])\n    if n_samples",
           "    bound = count_params(ws) - sum(ws[1:-1]) - 1\n    if n_samples",
           (C2,), ("test_fdim.py",),
           "P - #hidden - 1"),
    Mutant("rescaling kernel vector: outgoing sign", "fdim",
           "Ws[l + 1][rows, :, units] = -params.weights[l + 1].T",
           "Ws[l + 1][rows, :, units] = params.weights[l + 1].T",
           (C2,), ("test_fdim.py",),
           "d/dt of W_{l+1} e^{-t} is -W_{l+1}"),
    Mutant("certified rank: full row rank when any (not every) eigenvalue is certain", "fdim",
           "    if bool((lam > 2.0 * (eta + tau**2) * lam_max).all()):\n",
           "    if bool((lam > 2.0 * (eta + tau**2) * lam_max).any()):\n",
           (C2,), ("test_fdim.py",),
           "the Gram matrix certifies rank m only when *every* eigenvalue is above the round-off "
           "floor: one large eigenvalue says nothing about the others"),
    Mutant("certified rank: remainder taken from the wrong end of eigh", "fdim",
           "        B = project(V[:, : m - k])\n",
           "        B = project(V[:, k:])\n",
           (C2,), ("test_fdim.py",),
           "torch.linalg.eigh sorts eigenvalues in ascending order: the uncertain directions "
           "are the first m - k eigenvectors, not the last"),
    # Not mutants: thresholding the resolved block at tau' instead of tau (the code reaches
    # that line only when no resolved value lies in (tau, tau'], so it is equivalent), and
    # the band tau' without its 2 x tau term (it narrows the band slightly; a rank changes
    # only if a singular value falls into the lost sliver).
    # ------------------------------------------------------------------ ridgelet
    Mutant("tanh#: sinh(pi w) instead of sinh(pi w / 2)", "networks",
           "return -1j * _safe_ratio(np.pi * np.ones_like(w), np.sinh(np.pi * w / 2), 0.0)",
           "return -1j * _safe_ratio(np.pi * np.ones_like(w), np.sinh(np.pi * w), 0.0)",
           (C3, C4), ("test_ridgelet.py",),
           "a dropped factor 2 in the Fourier transform of tanh"),
    Mutant("Gaussian#: sqrt(2 pi) dropped", "networks",
           "return math.sqrt(2 * math.pi) * np.exp(-0.5 * w**2)",
           "return np.exp(-0.5 * w**2)",
           (C5, C3), ("test_ridgelet.py", "test_spectrum.py"),
           "Fourier transform of the Gaussian without sqrt(2 pi)"),
    Mutant("admissibility: |w|^-m weight missing", "ridgelet/admissibility",
           "+ s.fourier(-w) * np.conj(r.fourier(-w))\n        ) / np.abs(w) ** m",
           "+ s.fourier(-w) * np.conj(r.fourier(-w))\n        )",
           (C3, C4), ("test_ridgelet.py",),
           "<<sigma, rho>> without the weight |omega|^{-m}"),
    Mutant("admissibility: (2 pi)^m instead of (2 pi)^(m-1)", "ridgelet/admissibility",
           "    pref = (2 * math.pi) ** (m - 1)\n",
           "    pref = (2 * math.pi) ** m\n",
           (C3, C4), ("test_ridgelet.py",),
           "a doubled 2 pi in the admissibility constant"),
    Mutant("real-space ridgelet transform: rho(a.x + b)", "ridgelet/transforms",
           "ker = r.real(t[:, :, None] - B[None, None, :])",
           "ker = r.real(t[:, :, None] + B[None, None, :])",
           (C3, C5), ("test_ridgelet.py",),
           "the sign of b in the real-space ridgelet transform"),
    Mutant("synthesis: sigma(a.x + b)", "ridgelet/synthesis",
           '"cab,ab->c", sfun(t[:, :, None] - B[None, None, :]), Gw',
           '"cab,ab->c", sfun(t[:, :, None] + B[None, None, :]), Gw',
           (C3, C4), ("test_ridgelet.py",),
           "the sign of b in the integral representation S[gamma]"),
    Mutant("Fourier slice: 1/(2 pi) dropped", "ridgelet/transforms",
           "* (N * dw / (2 * math.pi)) * sign[None, :]",
           "* (N * dw) * sign[None, :]",
           (C3, C5), ("test_ridgelet.py", "test_spectrum.py"),
           "the 1/(2 pi) of the inverse Fourier transform"),
    Mutant("Dawson ridgelet: sqrt(2) dropped in real space", "ridgelet/functions",
           "c = 1j * math.sqrt(2) / math.pi * 2 ** (-k / 2)",
           "c = 1j / math.pi * 2 ** (-k / 2)",
           (C3, C4), ("test_ridgelet.py",),
           "rho_0(t) = i sqrt(2)/pi F(t/sqrt(2)) without the sqrt(2)"),
    # (dropping |omega|^m instead makes Chapter 5 stop with a ValueError, "not finite", which
    # is loud but is not a failed check)
    Mutant("adjoint ridgelet: (2 pi)^m instead of (2 pi)^(m-1)", "ridgelet/admissibility",
           "    c = (2 * math.pi) ** (m - 1)\n",
           "    c = (2 * math.pi) ** m\n",
           (C5,), ("test_ridgelet.py", "test_spectrum.py"),
           "sigma_*# = (2 pi)^{m-1} |omega|^m sigma#: a doubled 2 pi"),
    # (the weight <z>^-t instead of <z>^-2t makes Chapter 5 stop with a ValueError, "not
    # finite", for t = 1: loud, but not a failed check)
    Mutant("weighted adjoint: (1 + z^2)^-2t instead of <z>^-2t = (1 + z^2)^-t", "ridgelet/admissibility",
           "        gs = _weighted_fourier(s, t)\n",
           "        gs = _weighted_fourier(s, 2 * t)\n",
           (C5, C4), ("test_adjoint_weighted.py", "test_ridgelet.py"),
           "sigma_* = (2 pi)^{m-1} Lambda^m (<z>^{-2t} sigma) with <z> = (1 + z^2)^{1/2}: "
           "the weight squared"),
    # ------------------------------------------------------------------ spectrum
    Mutant("ridge regression without the penalty", "spectrum",
           "return M.T @ np.linalg.solve(M @ M.T + lam * np.eye(n), y)",
           "return M.T @ np.linalg.solve(M @ M.T, y)",
           (C5,), ("test_spectrum.py",),
           "(M M^T + lambda I)^{-1} with lambda forgotten"),
    Mutant("ridge limit: penalty not scaled by n", "spectrum",
           "return np.linalg.solve(K + x.size * beta * np.eye(x.size), y)",
           "return np.linalg.solve(K + beta * np.eye(x.size), y)",
           (C5,), ("test_spectrum.py",),
           "(K + n beta I)^{-1} y written (K + beta I)^{-1} y"),
    Mutant("random features: lambda = beta p |Omega| instead of beta p / |Omega|", "spectrum",
           "lam = beta * Phi.shape[1] / box.area",
           "lam = beta * Phi.shape[1] * box.area",
           (C5,), ("test_spectrum.py",),
           "the quadrature weight |Omega|/p inverted"),
    # ------------------------------------------------------------------ covering
    Mutant("Lipschitz recursion: +1 of the bias dropped", "covering",
           "lam = rho_l * (m * M + 1 + B * m * lam)",
           "lam = rho_l * (m * M + B * m * lam)",
           (C6,), ("test_covering.py",),
           "d f / d b_l contributes 1 per layer"),
    Mutant("Lipschitz recursion: hidden bound without the bias", "covering",
           "M = s0 + r * B * (m * M + 1)",
           "M = s0 + r * B * m * M",
           (C6,), ("test_covering.py",),
           "||h_l|| bound without the bias term"),
    Mutant("cycle-index bound: (1 + i K^-e) factors dropped", "covering",
           "        total += n * log_x - math.lgamma(n + 1) + _log_multiset_excess(n, log_x)\n",
           "        total += n * log_x - math.lgamma(n + 1)\n",
           (C6,), ("test_covering.py",),
           "K^P / prod n_l! is not an upper bound on the orbits: the cells fixed by some "
           "permutations are missing"),
    Mutant("cell orbit bound: C(K^e + n - 1, n) -> C(K^e, n)", "covering",
           "        total *= math.comb(K**e + n - 1, n)\n",
           "        total *= math.comb(K**e, n)\n",
           (C6,), ("test_covering.py",),
           "multisets of unit states counted as sets: units in the same cell forgotten"),
    Mutant("unit block sizes: bias forgotten", "covering",
           "return tuple(ws[l - 1] + 1 + (ws[L] if l == L - 1 else 0) for l in range(1, L))",
           "return tuple(ws[l - 1] + (ws[L] if l == L - 1 else 0) for l in range(1, L))",
           (C6,), ("test_covering.py",),
           "a unit of hidden layer l carries n_{l-1} + 1 coordinates (row and bias)"),
    Mutant("ReLU covering bound: exponent P instead of P - N_h", "covering",
           "math.log(2 * d) + (d - 1) * log_K)",
           "math.log(2 * d) + d * log_K)",
           (C6,), ("test_covering.py",),
           "a normalised row lies on the cube's boundary: 2 d K^{d-1} face cells, not 2 d K^d"),
    Mutant("Burnside: cycles counted from 1", "covering",
           "    cycles = 0\n",
           "    cycles = 1\n",
           (C6,), ("test_covering.py",),
           "off-by-one in the cycle count c(g)"),
    Mutant("batched realisation: output layer activated", "networks",
           "        if l < L:\n            h = act(h)",
           "        h = act(h)",
           (C6,), ("test_covering.py",),
           "evaluate_functions differs from forward on the output layer"),
)
