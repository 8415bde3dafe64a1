r"""Ridge regression with wide two-layer networks, and the ridgelet spectrum it converges to.

A width-``p`` network on 1-D inputs is :math:`g(x)=\sum_{j=1}^p c_j\,\sigma(a_jx-b_j)`, i.e. the
integral representation :math:`S[\gamma]` of the singular distribution
:math:`\gamma=\sum_jc_j\delta_{(a_j,b_j)}`.  Hidden parameters start uniformly on the box
:math:`[-A,A]\times[-B,B]` of area :math:`|\Omega|=4AB`; the data are ``n`` points ``x_i`` with
targets ``y_i``.  The ridge objective is

.. math::

    J(c)=\frac1n\sum_{i=1}^n\Bigl(y_i-\sum_j c_j\sigma(a_jx_i-b_j)\Bigr)^2+\lambda\sum_jc_j^2,
    \qquad \lambda=\beta\,p/|\Omega| ,

scaled so that, writing :math:`c_j=\gamma(a_j,b_j)\,|\Omega|/p` (a Monte-Carlo weight), the
penalty is :math:`\beta\|\gamma\|^2_{L^2(\Omega)}` for every width: ``beta`` is the penalty of the
width-free continuum problem.

What this module provides:

* :func:`sample_hidden` and :func:`fit_output_weights` -- random features with the exact ridge
  solution :math:`c=\Phi^\top(\Phi\Phi^\top+n\lambda I)^{-1}y`;
* :func:`train_ridge_network` -- all of :math:`(a,b,c)` trained by minibatch SGD (or Adam) on the
  same objective, with the same penalty on the hidden parameters;
* :func:`ridge_limit_dual` and :func:`ridge_limit_spectrum` -- the exact :math:`p\to\infty` limit
  :math:`\gamma_\beta=R[g_\beta;\sigma]`, :math:`g_\beta=\sum_i\alpha_i\delta_{x_i}`, computed with
  :func:`nnsym.ridgelet.ridgelet_transform`;
* :func:`ridgelet_spectrum` -- the spectrum :math:`R[f;\sigma_*]` of the Ghosts geometry (weight
  exponent ``t``; only ``t > 1/2`` is covered by a theorem for tanh), computed
  with :func:`nnsym.ridgelet.ridgelet_transform_fourier` and :func:`nnsym.ridgelet.adjoint_ridgelet`;
* :func:`bin_parameters` and :func:`spectrum_correlation` -- the binned :math:`c`-density of a
  network and its Pearson correlation with a spectrum; :func:`width_sweep` runs both over widths;
* :func:`gradient_descent_least_squares` -- plain gradient descent on a linear least-squares
  problem (the lazy regime), recording linear functionals of the iterates (e.g. ghost parts).

Used in: Chapter 5.

References
----------
Sonoda, Ishikawa, Ikeda (2021), Ridge regression with over-parametrized two-layer networks
converge to ridgelet spectrum, AISTATS.  Rahimi, Recht (2007), Random features for large-scale
kernel machines, NeurIPS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import torch

from .networks import (
    MLPParams,
    as_generator,
    evaluate_ridge,
    get_activation,
    ridge_features,
    ridge_to_params,
    validate_array,
    validate_int,
    validate_real,
)
from .progress import tqdm
from .ridgelet import (
    adjoint_ridgelet,
    ridgelet_transform,
    ridgelet_transform_fourier,
    sampled_fourier_transform,
)

__all__ = [
    "TARGETS",
    "SPECTRUM_ACTIVATIONS",
    "ParameterBox",
    "RidgeNetwork",
    "get_target",
    "ridge_minimizer",
    "sample_hidden",
    "feature_matrix",
    "fit_output_weights",
    "train_ridge_network",
    "ridge_limit_dual",
    "ridge_limit_spectrum",
    "ridgelet_spectrum",
    "bin_parameters",
    "bin_centres",
    "spectrum_correlation",
    "width_sweep",
    "gradient_descent_least_squares",
]

#: 1-D target functions on the data interval ``[-1, 1]`` (zero outside it).
TARGETS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sine": lambda x: np.sin(2 * np.pi * x),
    "bump": lambda x: np.exp(-8.0 * x**2),
}

#: Activations for which both the network (:mod:`nnsym.networks`) and the ridgelet side
#: (:mod:`nnsym.ridgelet`, with a locally integrable :math:`\sigma_*^\sharp` for ``m =
#: 1``) exist.
SPECTRUM_ACTIVATIONS: tuple[str, ...] = ("tanh", "gaussian", "sigmoid")


def get_target(name: str) -> Callable[[np.ndarray], np.ndarray]:
    """The target ``f`` named ``name`` (``"sine"``: :math:`\\sin 2\\pi x`, ``"bump"``: :math:`e^{-8x^2}`), restricted to ``[-1, 1]``.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        For an unknown name.
    """
    try:
        f = TARGETS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown target {name!r}; expected one of {tuple(TARGETS)}"
        ) from None
    return lambda x: np.where(
        np.abs(np.asarray(x, dtype=float)) <= 1.0, f(np.asarray(x, dtype=float)), 0.0
    )


def _check_activation(name: str) -> str:
    if name not in SPECTRUM_ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {SPECTRUM_ACTIVATIONS}"
        )
    return name


def _check_beta(beta) -> float:
    return validate_real(beta, "the penalty beta", lower=0.0, strict=True)


def _check_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.size < 1:
        raise ValueError(
            f"x must be a non-empty 1-D array of inputs, got shape {x.shape}"
        )
    if y.shape != x.shape:
        raise ValueError(f"y must have the shape of x {x.shape}, got {y.shape}")
    return x, y


@dataclass(frozen=True)
class ParameterBox:
    r"""The box :math:`\Omega=[-A,A]\times[-B,B]` of hidden parameters :math:`(a,b)`.

    Attributes
    ----------
    a_max, b_max : float
        :math:`A` and :math:`B` (positive).

    Used in: Chapter 5.
    """

    a_max: float = 12.0
    b_max: float = 14.0

    def __post_init__(self) -> None:
        if not (
            self.a_max > 0
            and self.b_max > 0
            and math.isfinite(self.a_max)
            and math.isfinite(self.b_max)
        ):
            raise ValueError(
                f"box half-widths must be positive and finite, got {self.a_max}, "
                f"{self.b_max}"
            )

    @property
    def area(self) -> float:
        """:math:`|\\Omega|=4AB`."""
        return 4.0 * self.a_max * self.b_max

    def edges(self, n_a: int, n_b: int) -> tuple[np.ndarray, np.ndarray]:
        """Equispaced bin edges over the box, ``n_a`` bins in :math:`a` and ``n_b`` in :math:`b`.

        Raises
        ------
        ValueError
            If ``n_a`` or ``n_b`` is smaller than 1.
        """
        validate_int(n_a, "n_a", lower=1)
        validate_int(n_b, "n_b", lower=1)
        return (
            np.linspace(-self.a_max, self.a_max, n_a + 1),
            np.linspace(-self.b_max, self.b_max, n_b + 1),
        )


@dataclass(frozen=True)
class RidgeNetwork:
    r"""A two-layer network :math:`g(x)=\sum_jc_j\sigma(a_jx-b_j)` with its initial hidden parameters.

    Attributes
    ----------
    a, b, c : ndarray, shape (p,)
        Hidden weights, hidden biases (entering as :math:`-b`) and output weights.
    activation : str
        Name in :data:`SPECTRUM_ACTIVATIONS`.
    a0, b0 : ndarray, shape (p,)
        The hidden parameters at initialisation (equal to ``a, b`` for random features).
    losses : ndarray
        Objective value per training step (empty for the exact ridge solve).
    """

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    activation: str
    a0: np.ndarray
    b0: np.ndarray
    losses: np.ndarray

    @property
    def width(self) -> int:
        return int(self.c.size)

    @property
    def params(self) -> MLPParams:
        """The same network as :class:`~nnsym.networks.MLPParams` of widths ``(1, p, 1)`` (:func:`nnsym.networks.ridge_to_params`)."""
        return ridge_to_params(self.a, self.b, self.c, self.activation)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Evaluate :math:`g(x)` at 1-D inputs ``x`` (:func:`nnsym.networks.evaluate_ridge`)."""
        return evaluate_ridge(
            np.reshape(x, -1),
            self.a,
            self.b,
            self.c,
            _check_activation(self.activation),
        )


def ridge_minimizer(M: np.ndarray, y: np.ndarray, lam: float) -> np.ndarray:
    r""":math:`\arg\min_c\|y-Mc\|^2+\lambda\|c\|^2=(M^\top M+\lambda I)^{-1}M^\top y=M^\top(MM^\top+\lambda I)^{-1}y`.

    The second (dual, "push-through") form is used when ``M`` has more columns than rows: it
    shows that the minimiser lies in the row space of ``M``, i.e. it is orthogonal to
    :math:`\ker M` (it has no ghost component).  Solved in float64 with a Cholesky-free
    ``numpy.linalg.solve``.

    Parameters
    ----------
    M : ndarray, shape (n, P)
    y : ndarray, shape (n,)
    lam : float
        Positive penalty.

    Returns
    -------
    ndarray, shape (P,)

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Bad shapes or ``lam <= 0``.
    """
    M = validate_array(M, "M")
    y = validate_array(y, "y")
    if M.ndim != 2 or y.shape != (M.shape[0],):
        raise ValueError(
            f"need M of shape (n, P) and y of shape (n,), got {M.shape} and {y.shape}"
        )
    lam = _check_beta(lam)
    n, P = M.shape
    if P >= n:
        return M.T @ np.linalg.solve(M @ M.T + lam * np.eye(n), y)
    return np.linalg.solve(M.T @ M + lam * np.eye(P), M.T @ y)


def sample_hidden(
    width: int,
    box: ParameterBox = ParameterBox(),
    *,
    seed: int | np.random.Generator = 0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Hidden parameters :math:`(a_j,b_j)\sim\mathrm{Uniform}([-A,A]\times[-B,B])`, :math:`j=1..p`.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        If ``width < 1``.
    """
    p = validate_int(width, "width", lower=1)
    rng = as_generator(seed)
    return rng.uniform(-box.a_max, box.a_max, p), rng.uniform(-box.b_max, box.b_max, p)


def feature_matrix(
    x: np.ndarray, a: np.ndarray, b: np.ndarray, activation: str
) -> np.ndarray:
    r"""Random-feature matrix :math:`\Phi_{ij}=\sigma(a_jx_i-b_j)`, shape ``(n, p)``.

    :func:`nnsym.networks.ridge_features` for 1-D inputs and the activations of
    :data:`SPECTRUM_ACTIVATIONS`.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Unknown activation or ``a``, ``b`` of different shapes.
    """
    if np.ndim(a) != 1:
        raise ValueError(f"a must be a 1-D array of scales, got shape {np.shape(a)}")
    x = validate_array(x, "x").reshape(-1)
    return ridge_features(x, a, b, _check_activation(activation))


def fit_output_weights(
    x: np.ndarray,
    y: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    activation: str,
    beta: float,
    box: ParameterBox = ParameterBox(),
) -> np.ndarray:
    r"""Exact ridge solution :math:`c=\Phi^\top(\Phi\Phi^\top+n\lambda I)^{-1}y`, :math:`\lambda=\beta p/|\Omega|`.

    Minimises :math:`\frac1n\|y-\Phi c\|^2+\lambda\|c\|^2` over the output weights with the hidden
    parameters frozen (random features).  Equivalently :math:`c_j=\frac{|\Omega|}{p}\gamma_p(a_j,b_j)`
    with :math:`\gamma_p(a,b)=\sum_i\alpha_i\sigma(ax_i-b)`,
    :math:`\alpha=(K_p+n\beta I)^{-1}y`, :math:`K_p=\frac{|\Omega|}{p}\Phi\Phi^\top`.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Bad shapes, unknown activation or ``beta <= 0``.
    """
    x, y = _check_data(x, y)
    beta = _check_beta(beta)
    Phi = feature_matrix(x, a, b, activation)
    lam = beta * Phi.shape[1] / box.area
    return ridge_minimizer(Phi, y, x.size * lam)


def train_ridge_network(
    x: np.ndarray,
    y: np.ndarray,
    width: int,
    activation: str = "tanh",
    beta: float = 1e-3,
    box: ParameterBox = ParameterBox(),
    *,
    steps: int = 1000,
    lr: float = 0.5,
    batch_size: int = 32,
    optimizer: str = "sgd",
    penalize_hidden: bool = True,
    hidden_lr: float | None = None,
    output_init_std: float = 0.0,
    seed: int = 0,
    num_threads: int | None = 1,
    progress: bool = False,
) -> RidgeNetwork:
    r"""Minibatch training of all of :math:`(a,b,c)` on :math:`\frac1n\sum_i(y_i-g(x_i))^2+\lambda\|\theta\|^2`, :math:`\lambda=\beta p/|\Omega|`.

    :math:`\|\theta\|^2=\sum_j(c_j^2+a_j^2+b_j^2)` with ``penalize_hidden`` (else :math:`\sum_jc_j^2`).
    Initialisation: :math:`(a_j,b_j)` from :func:`sample_hidden` (same ``seed``),
    :math:`c_j\sim N(0,s^2/p)` with :math:`s=` ``output_init_std`` (default 0: :math:`c_j=0`).
    ``optimizer="sgd"``: SGD with momentum 0.9 and step ``lr / width`` for :math:`c` (the Hessian
    of the data term in :math:`c` grows linearly with the width, so this keeps the step stable at
    every width) and ``hidden_lr`` for :math:`(a,b)` (default also ``lr / width``: then the hidden
    parameters move only by the weight-decay shrinkage, a random-features run by construction;
    a ``hidden_lr`` that is not scaled by :math:`1/p` lets them move).  ``optimizer="adam"``: Adam
    with step ``lr`` (``hidden_lr`` for :math:`(a,b)` if given).  PyTorch, float64, seeded.

    Parameters
    ----------
    x, y : ndarray, shape (n,)
        Inputs and targets.
    width : int
        Number of hidden units ``p``.
    activation : str
        One of :data:`SPECTRUM_ACTIVATIONS`.
    beta : float
        Continuum penalty (see the module docstring).
    steps, lr, batch_size : int, float, int
        Number of minibatch steps, learning rate, minibatch size (with replacement).
    hidden_lr : float or None
        Step for the hidden parameters (default: the step of :math:`c`).
    output_init_std : float
        Scale :math:`s\ge0` of the initial output weights :math:`c_j\sim N(0,s^2/p)`.
    num_threads : int or None
        PyTorch intra-op threads during training (restored afterwards); the default 1 is the
        fastest for these small matrices, ``None`` keeps the current setting.
    progress : bool
        Show a ``tqdm`` progress bar.

    Returns
    -------
    RidgeNetwork
        Trained parameters, initial hidden parameters and the objective per step.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Bad shapes, non-positive sizes or rates, unknown activation or optimizer.
    """
    x, y = _check_data(x, y)
    p = validate_int(width, "width", lower=1)
    beta = _check_beta(beta)
    validate_int(steps, "steps", lower=1)
    validate_int(batch_size, "batch_size", lower=1)
    if not lr > 0:
        raise ValueError(f"lr must be positive, got {lr}")
    if optimizer not in ("sgd", "adam"):
        raise ValueError(f"unknown optimizer {optimizer!r}; expected 'sgd' or 'adam'")
    if hidden_lr is not None and not (
        float(hidden_lr) > 0 and math.isfinite(float(hidden_lr))
    ):
        raise ValueError(
            f"hidden_lr must be a positive number or None, got {hidden_lr}"
        )
    if not (float(output_init_std) >= 0 and math.isfinite(float(output_init_std))):
        raise ValueError(
            f"output_init_std must be a finite number >= 0, got {output_init_std}"
        )
    sig = get_activation(_check_activation(activation)).torch
    a0, b0 = sample_hidden(p, box, seed=seed)
    a = torch.tensor(a0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    c_init = np.zeros(p)
    if output_init_std > 0:
        c_init = np.random.default_rng([seed, 1]).normal(
            0.0, float(output_init_std) / math.sqrt(p), p
        )
    c = torch.tensor(c_init, dtype=torch.float64, requires_grad=True)
    X = torch.as_tensor(x, dtype=torch.float64)
    Y = torch.as_tensor(y, dtype=torch.float64)
    lam = beta * p / box.area
    c_lr = lr / p if optimizer == "sgd" else lr
    groups = [
        {"params": [c], "lr": c_lr},
        {"params": [a, b], "lr": c_lr if hidden_lr is None else float(hidden_lr)},
    ]
    opt = (
        torch.optim.SGD(groups, lr=c_lr, momentum=0.9)
        if optimizer == "sgd"
        else torch.optim.Adam(groups, lr=c_lr)
    )
    gen = torch.Generator().manual_seed(seed)
    n = x.size
    bs = min(int(batch_size), n)
    losses = np.empty(int(steps))
    iterator = range(int(steps))
    if progress:
        iterator = tqdm(iterator, desc=f"SGD width {p}", leave=False)
    old_threads = torch.get_num_threads()
    if num_threads is not None:
        torch.set_num_threads(validate_int(num_threads, "num_threads", lower=1))
    try:
        for t in iterator:
            idx = torch.randint(0, n, (bs,), generator=gen)
            out = sig(X[idx, None] * a[None, :] - b[None, :]) @ c
            pen = (c**2).sum() + (
                (a**2).sum() + (b**2).sum() if penalize_hidden else 0.0
            )
            obj = ((out - Y[idx]) ** 2).mean() + lam * pen
            opt.zero_grad()
            obj.backward()
            opt.step()
            losses[t] = obj.item()
    finally:
        torch.set_num_threads(old_threads)
    return RidgeNetwork(
        a.detach().numpy().copy(),
        b.detach().numpy().copy(),
        c.detach().numpy().copy(),
        activation,
        a0,
        b0,
        losses,
    )


def _check_equispaced(x: np.ndarray) -> float:
    if x.size < 2:
        raise ValueError("x must hold at least two equispaced points")
    d = np.diff(x)
    if not np.allclose(d, d[0], rtol=1e-9, atol=0) or d[0] <= 0:
        raise ValueError("x must be increasing and equispaced")
    return float(d[0])


def ridge_limit_dual(
    x: np.ndarray,
    y: np.ndarray,
    activation: str,
    beta: float,
    box: ParameterBox = ParameterBox(),
    *,
    n_quad: int = 120,
) -> np.ndarray:
    r"""Dual coefficients of the infinite-width ridge solution: :math:`\alpha=(K_\infty+n\beta I)^{-1}y`.

    :math:`K_\infty(x,x')=\int_\Omega\sigma(ax-b)\sigma(ax'-b)\,da\,db` is computed with an
    ``n_quad`` x ``n_quad`` Gauss--Legendre rule on the box.  The limit distribution is then
    :math:`\gamma_\beta(a,b)=\sum_i\alpha_i\sigma(ax_i-b)` (:func:`ridge_limit_spectrum`), the
    minimiser of :math:`\frac1n\sum_i(y_i-S[\gamma](x_i))^2+\beta\|\gamma\|^2_{L^2(\Omega)}`.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Bad shapes, unknown activation, ``beta <= 0`` or ``n_quad < 2``.
    """
    x, y = _check_data(x, y)
    beta = _check_beta(beta)
    nq = validate_int(n_quad, "n_quad", lower=2)
    g, w = np.polynomial.legendre.leggauss(nq)
    qa, qb = box.a_max * g, box.b_max * g
    QA, QB = np.meshgrid(qa, qb, indexing="ij")
    W = np.outer(box.a_max * w, box.b_max * w).ravel()
    Phi = feature_matrix(x, QA.ravel(), QB.ravel(), activation)
    K = (Phi * W) @ Phi.T
    return np.linalg.solve(K + x.size * beta * np.eye(x.size), y)


def ridge_limit_spectrum(
    alpha: np.ndarray, x: np.ndarray, activation: str, a: np.ndarray, b: np.ndarray
) -> np.ndarray:
    r""":math:`\gamma_\beta(a,b)=\sum_i\alpha_i\sigma(ax_i-b)=R[g_\beta;\sigma](a,b)` with :math:`g_\beta=\sum_i\alpha_i\delta_{x_i}`.

    The infinite-width ridge solution is the ridgelet transform, with the activation itself as
    ridgelet function, of the filtered target :math:`g_\beta`; computed by
    :func:`nnsym.ridgelet.ridgelet_transform` (direct quadrature, exact for this discrete
    :math:`g_\beta`) on the grid ``a`` x ``b``.  ``x`` must be equispaced.

    Returns
    -------
    ndarray, shape (len(a), len(b))

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Shapes, a non-equispaced ``x`` or an unknown activation.
    """
    x, alpha = _check_data(x, alpha)
    dx = _check_equispaced(x)
    rho = _check_activation(activation)
    return np.real(
        ridgelet_transform(
            alpha / dx, rho, np.asarray(a, float), np.asarray(b, float), x
        )
    )


def ridgelet_spectrum(
    f: Callable[[np.ndarray], np.ndarray] | str,
    activation: str,
    a: np.ndarray,
    b: np.ndarray,
    *,
    t: float = 0.0,
    n_x: int = 801,
    pad: int = 8,
) -> np.ndarray:
    r"""The ridgelet spectrum :math:`R[f;\sigma_*](a,b)`, :math:`\sigma_*=\Lambda(\langle z\rangle^{-2t}\sigma)` (``m = 1``).

    :math:`\sigma_*` is :func:`nnsym.ridgelet.adjoint_ridgelet` with weight exponent ``t``:
    :math:`\sigma_*^\sharp=|\omega|\sigma^\sharp` for ``t = 0``.  Only where
    :math:`c_{\sigma,t}=\langle\!\langle\sigma,\sigma_*\rangle\!\rangle` is finite (Gaussian with any
    ``t >= 0``; tanh and sigmoid only with ``t > 1/2``) is :math:`R[f;\sigma_*]/c_{\sigma,t}` the
    minimum-norm solution of the Ghosts geometry; for tanh with ``t = 0`` it is a function
    that no theorem attaches to ridge regression.

    :math:`f` is restricted to the data interval ``[-1, 1]`` and sampled on ``n_x`` points; the
    transform uses the Fourier-slice formula
    :math:`R[f;\rho](a,b)=\frac1{2\pi}\int\hat f(\omega a)\overline{\rho^\sharp(\omega)}e^{+i\omega b}d\omega`
    (:func:`nnsym.ridgelet.ridgelet_transform_fourier` with :func:`nnsym.ridgelet.adjoint_ridgelet`).
    For odd :math:`\sigma` (tanh) and for even :math:`\sigma` (Gaussian) :math:`\sigma_*` is real,
    so the spectrum is real; the real part is returned.

    Parameters
    ----------
    f : callable or str
        Target (a name from :data:`TARGETS` or a vectorised callable).
    a, b : ndarray
        Scales and equispaced biases.
    t : float
        Weight exponent of the parameter space (>= 0).
    n_x : int
        Samples of ``f`` on ``[-1, 1]`` (trapezoid rule).
    pad : int
        Period of the FFT in ``b`` is ``pad`` times the ``b`` range; the spectrum decays only like
        :math:`1/b^2`, so the periodisation error falls like ``pad**-2`` (about 3e-4 relative at 8).

    Returns
    -------
    ndarray, shape (len(a), len(b))

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Unknown target or activation, bad grids, ``t < 0``.
    """
    fun = get_target(f) if isinstance(f, str) else f
    if not callable(fun):
        raise ValueError(
            f"f must be a target name or a callable, got {type(f).__name__}"
        )
    xs = np.linspace(-1.0, 1.0, validate_int(n_x, "n_x", lower=1))
    vals = np.asarray(fun(xs), dtype=float)
    vals[[0, -1]] *= 0.5  # trapezoid weights at the ends of [-1, 1]
    fhat = sampled_fourier_transform(vals, xs)
    rho = adjoint_ridgelet(_check_activation(activation), 1, t=t)
    return np.real(
        ridgelet_transform_fourier(
            fhat, rho, np.asarray(a, float), np.asarray(b, float), pad=pad
        )
    )


def bin_centres(edges: np.ndarray) -> np.ndarray:
    r"""Bin centres :math:`(e_k+e_{k+1})/2` of increasing edges :math:`e_0<\dots<e_K`.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        If ``edges`` is not an increasing 1-D array with at least two entries.
    """
    e = validate_array(edges, "edges")
    if e.ndim != 1 or e.size < 2 or np.any(np.diff(e) <= 0):
        raise ValueError(
            "edges must be an increasing 1-D array with at least two entries"
        )
    return 0.5 * (e[1:] + e[:-1])


def bin_parameters(
    a: np.ndarray,
    b: np.ndarray,
    c: np.ndarray,
    a_edges: np.ndarray,
    b_edges: np.ndarray,
) -> np.ndarray:
    r"""Binned :math:`c`-density :math:`D_{kl}=\frac1{|\text{cell}_{kl}|}\sum_{j:(a_j,b_j)\in\text{cell}_{kl}}c_j`.

    The estimate of the parameter distribution :math:`\gamma` carried by the network
    :math:`\sum_jc_j\delta_{(a_j,b_j)}`: for random features with :math:`c_j=\frac{|\Omega|}p\gamma(a_j,b_j)`
    its mean is the cell average of :math:`\gamma`.  Units outside the edges are ignored.

    Returns
    -------
    ndarray, shape (len(a_edges) - 1, len(b_edges) - 1)

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Arrays of different lengths or bad edges.
    """
    a, b, c = (validate_array(v, name) for name, v in (("a", a), ("b", b), ("c", c)))
    if a.ndim != 1 or not (a.shape == b.shape == c.shape):
        raise ValueError(
            f"a, b, c must be 1-D of equal length, got {a.shape}, {b.shape}, {c.shape}"
        )
    bin_centres(a_edges)
    bin_centres(b_edges)
    H, _, _ = np.histogram2d(
        a, b, bins=[np.asarray(a_edges, float), np.asarray(b_edges, float)], weights=c
    )
    area = np.outer(np.diff(a_edges), np.diff(b_edges))
    return H / area


def spectrum_correlation(u: np.ndarray, v: np.ndarray) -> float:
    r"""Pearson correlation :math:`\frac{\langle u-\bar u,v-\bar v\rangle}{\|u-\bar u\|\|v-\bar v\|}` of two arrays over all cells.

    Invariant under positive rescaling of either argument, so it compares the *shape* of a
    binned parameter density with a spectrum, whatever their normalisation.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Different shapes, fewer than two cells, or a constant argument.
    """
    u = validate_array(u, "u").ravel()
    v = validate_array(v, "v").ravel()
    if u.shape != v.shape or u.size < 2:
        raise ValueError(
            f"need two arrays of the same size >= 2, got {np.shape(u)} and "
            f"{np.shape(v)}"
        )
    u = u - u.mean()
    v = v - v.mean()
    nu, nv = np.linalg.norm(u), np.linalg.norm(v)
    if nu == 0 or nv == 0:
        raise ValueError("the correlation of a constant array is undefined")
    return float(u @ v / (nu * nv))


def width_sweep(
    x: np.ndarray,
    y: np.ndarray,
    widths: Sequence[int],
    references: dict[str, np.ndarray],
    a_edges: np.ndarray,
    b_edges: np.ndarray,
    *,
    activation: str = "tanh",
    beta: float = 1e-3,
    box: ParameterBox = ParameterBox(),
    method: str = "ridge",
    repeats: int = 1,
    seed: int = 0,
    progress: bool = False,
    **train_kwargs,
) -> dict[str, np.ndarray]:
    r"""Correlation of the binned :math:`c`-density with each reference spectrum, for each width.

    ``method="ridge"``: random features with :func:`fit_output_weights`; ``"sgd"``:
    :func:`train_ridge_network` (extra keyword arguments are passed on).  Each width is run
    ``repeats`` times with seeds ``seed, seed + 1, ...``.

    Returns
    -------
    dict
        ``{name: array of shape (len(widths), repeats)}`` for each reference, plus ``"residual"``
        (max training error) of the same shape.

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Unknown method, empty widths, references not of shape (bins in a, bins in b).
    """
    if method not in ("ridge", "sgd"):
        raise ValueError(f"unknown method {method!r}; expected 'ridge' or 'sgd'")
    ws = [validate_int(w, "width", lower=1) for w in widths]
    if not ws:
        raise ValueError("widths must not be empty")
    reps = validate_int(repeats, "repeats", lower=1)
    shape = (len(a_edges) - 1, len(b_edges) - 1)
    for k, ref in references.items():
        if np.shape(ref) != shape:
            raise ValueError(
                f"reference {k!r} has shape {np.shape(ref)}, expected {shape}"
            )
    out = {k: np.empty((len(ws), reps)) for k in [*references, "residual"]}
    jobs = [(i, r) for i in range(len(ws)) for r in range(reps)]
    if progress:
        jobs = tqdm(jobs, desc=f"{method} widths", leave=False)
    for i, r in jobs:
        if method == "ridge":
            a, b = sample_hidden(ws[i], box, seed=seed + r)
            c = fit_output_weights(x, y, a, b, activation, beta, box)
        else:
            net = train_ridge_network(
                x, y, ws[i], activation, beta, box, seed=seed + r, **train_kwargs
            )
            a, b, c = net.a, net.b, net.c
        D = bin_parameters(a, b, c, a_edges, b_edges)
        for k, ref in references.items():
            out[k][i, r] = spectrum_correlation(D, ref)
        out["residual"][i, r] = float(
            np.max(np.abs(feature_matrix(x, a, b, activation) @ c - y))
        )
    return out


def gradient_descent_least_squares(
    M: np.ndarray,
    y: np.ndarray,
    c0: np.ndarray,
    *,
    mu: float = 0.0,
    steps: int = 1000,
    eta: float | None = None,
    track: np.ndarray | None = None,
    record_every: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""Gradient descent :math:`c_{k+1}=c_k-\eta\bigl(\tfrac1nM^\top(Mc_k-y)+\mu c_k\bigr)` from ``c0``.

    The gradient of :math:`\frac1{2n}\lVert Mc-y\rVert^2+\frac\mu2\lVert c\rVert^2`; for a network that is
    linear in its trained parameters (random features, or the lazy linearisation) this is
    full-batch training with weight decay ``mu``.  Every gradient lies in
    :math:`\operatorname{ran}M^\top+\mu c`, so the component of :math:`c_k` in :math:`\ker M` is
    multiplied by exactly :math:`1-\eta\mu` per step (Chapter 5).

    Parameters
    ----------
    M : ndarray, shape (n, P)
        Feature (Jacobian) matrix on the ``n`` data points.
    y : ndarray, shape (n,)
    c0 : ndarray, shape (P,)
        Initialisation.
    mu : float
        Weight decay (>= 0).
    steps : int
        Number of steps (>= 1).
    eta : float or None
        Step; default :math:`1/(\lVert M\rVert_2^2/n+\mu)`.  Must be below
        :math:`2/(\lVert M\rVert_2^2/n+\mu)` (else the iteration diverges).
    track : ndarray, shape (q, P), optional
        Linear functionals recorded along the path (rows applied to :math:`c_k`).
    record_every : int
        Record at steps ``0, record_every, 2 record_every, ...`` and at the last step.

    Returns
    -------
    c : ndarray, shape (P,)
        The last iterate.
    recorded_steps : ndarray of int
    values : ndarray, shape (len(recorded_steps), q)
        ``track @ c_k`` at the recorded steps (``q = 0`` without ``track``).

    Used in: Chapter 5.

    Raises
    ------
    ValueError
        Bad shapes, ``mu < 0``, ``steps < 1``, or a step that is not in :math:`(0, 2/L)`.
    """
    M = np.asarray(M, dtype=float)
    y = np.asarray(y, dtype=float)
    c = np.array(c0, dtype=float)
    if M.ndim != 2 or y.shape != (M.shape[0],) or c.shape != (M.shape[1],):
        raise ValueError(
            f"need shapes M (n, P), y (n,), c0 (P,), got {M.shape}, {y.shape}, "
            f"{c.shape}"
        )
    mu = float(mu)
    if not (mu >= 0 and math.isfinite(mu)):
        raise ValueError(f"the weight decay mu must be a finite number >= 0, got {mu}")
    steps = validate_int(steps, "steps", lower=1)
    every = validate_int(record_every, "record_every", lower=1)
    n = M.shape[0]
    L = float(np.linalg.norm(M, 2)) ** 2 / n + mu
    eta = 1.0 / L if eta is None else float(eta)
    if not (0 < eta < 2.0 / L):
        raise ValueError(
            f"the step eta must lie in (0, 2/L) = (0, {2.0 / L:.4g}), got {eta}"
        )
    T = np.zeros((0, c.size)) if track is None else np.asarray(track, dtype=float)
    if T.ndim != 2 or T.shape[1] != c.size:
        raise ValueError(f"track must have shape (q, {c.size}), got {T.shape}")
    rec_steps, values = [0], [T @ c]
    MtM, Mty = M.T @ M / n, M.T @ y / n
    for k in range(1, steps + 1):
        c = c - eta * (MtM @ c - Mty + mu * c)
        if k % every == 0 or k == steps:
            rec_steps.append(k)
            values.append(T @ c)
    return c, np.array(rec_steps), np.array(values)
