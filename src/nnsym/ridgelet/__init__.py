r"""Integral representation, ridgelet transform, admissibility and ghosts.

One convention throughout (the book's, see ``book/notation.md``):

.. math::

    \hat f(\xi) = \int_{\mathbb R^m} f(x)\,e^{-i x\cdot\xi}\,dx, \qquad
    \varphi^\sharp(\omega) = \int_{\mathbb R}\varphi(t)\,e^{-it\omega}\,dt, \qquad
    \varphi(t) = \frac1{2\pi}\int\varphi^\sharp(\omega)\,e^{it\omega}\,d\omega .

* integral representation  :math:`S[\gamma](x)=\int\gamma(a,b)\,\sigma(a\cdot x-b)\,da\,db`;
* ridgelet transform       :math:`R[f;\rho](a,b)=\int f(x)\,\overline{\rho(a\cdot x-b)}\,dx`;
* Fourier slice            :math:`R[f;\rho](a,b)=\frac1{2\pi}\int\hat f(\omega a)\,
  \overline{\rho^\sharp(\omega)}\,e^{+i\omega b}\,d\omega` (note the **plus** sign);
* admissibility constant   :math:`\langle\!\langle\sigma,\rho\rangle\!\rangle=(2\pi)^{m-1}
  \int\sigma^\sharp(\omega)\overline{\rho^\sharp(\omega)}|\omega|^{-m}d\omega`;
* reconstruction           :math:`S[R[f;\rho]]=\langle\!\langle\sigma,\rho\rangle\!\rangle f`;
* the adjoint ridgelet     :math:`\sigma_*^\sharp(\omega)=(2\pi)^{m-1}|\omega|^m\sigma^\sharp(\omega)`
  (``t = 0``; :func:`adjoint_ridgelet` also takes the weight ``t`` of the source's weighted
  space).  Where :math:`c=\langle\!\langle\sigma,\sigma_*\rangle\!\rangle` is finite (e.g. the
  Gaussian), ``R[f; sigma_*] / c`` is the minimum-norm parameter distribution in the
  :math:`|\omega|^{-2m}`-weighted norm of the parameter space, not in plain :math:`L^2`; for
  tanh, sigmoid and ReLU ``c`` is infinite at ``t = 0`` and ``R[f; sigma_*]`` is no minimum-norm
  solution at all.

Grids
-----
Inputs ``x``: a 1-D equispaced array (``m = 1``), or a tuple of ``m`` 1-D equispaced arrays
(tensor grid, ``f`` then has shape ``(n_1, ..., n_m)``; a callable ``f`` receives points of shape
``(N, m)``).  Scales ``a``: shape ``(n_a,)`` for ``m = 1`` or ``(n_a, m)``.  Biases ``b``: shape
``(n_b,)``.  A parameter distribution ``gamma`` is an array of shape ``(n_a, n_b)``.
Quadrature is the rectangle rule, which is spectrally accurate for functions that decay
at the edges of the grid.

Sub-modules (every public name is re-exported here, so ``nnsym.ridgelet.X`` works for all):

* :mod:`~nnsym.ridgelet.functions` -- :class:`RidgeletFunction`, activations and ridgelets
  with their Fourier transforms;
* :mod:`~nnsym.ridgelet.admissibility` -- :func:`adjoint_ridgelet`,
  :func:`admissibility_constant`, :func:`normalize_ridgelet`;
* :mod:`~nnsym.ridgelet.grids` -- :func:`tensor_grid` and the grid checks;
* :mod:`~nnsym.ridgelet.transforms` -- :func:`ridgelet_transform` (direct quadrature),
  :func:`sampled_fourier_transform`, :func:`ridgelet_transform_fourier` (Fourier slice);
* :mod:`~nnsym.ridgelet.synthesis` -- :func:`integral_representation`,
  :func:`synthesis_matrix`, the visible/ghost splits, :func:`sample_network`,
  :func:`evaluate_network`.

Used in: Chapters 3, 4 and 5.

References
----------
Sonoda, Ishikawa, Ikeda (2021), Ghosts in neural networks, arXiv:2106.04770.
Sonoda, Murata (2017), Neural network with unbounded activation functions is universal
approximator, Appl. Comput. Harmon. Anal. 43(2).
"""

from __future__ import annotations

from . import admissibility, functions, grids, synthesis, transforms

from .admissibility import (
    ADMISSIBLE_PAIRS,
    adjoint_ridgelet,
    admissibility_constant,
    normalize_ridgelet,
)
from .functions import (
    ACTIVATION_NAMES,
    DAWSON_MAX_ORDER,
    GAUSSIAN_DERIVATIVE_MAX_ORDER,
    RidgeletFunction,
    backprojected_gaussian_ridgelet,
    dawson_ridgelet,
    gaussian_derivative_ridgelet,
    get_activation_function,
    get_ridgelet_function,
)
from .grids import (
    tensor_grid,
)
from .synthesis import (
    evaluate_network,
    integral_representation,
    parameter_inner_product,
    project_visible,
    sample_network,
    split_visible_ghost,
    synthesis_matrix,
    visible_distribution,
    weighted_ridgelet_inner,
)
from .transforms import (
    SampledFourierTransform,
    ridgelet_transform,
    ridgelet_transform_fourier,
    ridgelet_transform_of_gaussian,
    sampled_fourier_transform,
)

#: Every public name of the sub-modules, in the order of the sub-modules.
__all__ = [
    *functions.__all__,
    *admissibility.__all__,
    *grids.__all__,
    *transforms.__all__,
    *synthesis.__all__,
]
