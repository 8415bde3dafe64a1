"""nnsym: the support package of "Many Parameters, One Function".

Modules
-------
networks   parameter vectors <-> MLPs/CNNs, activations
symmetry   permutations, sign flips, rescalings; orbits; alignment
counting   closed forms (SymPy) for orbit sizes
fdim       batch Jacobians, activation patterns, functional dimension
ridgelet   integral representation, ridgelet transform (direct and FFT), admissibility, ghosts
spectrum   ridge-regularised wide two-layer networks vs. the ridgelet spectrum
covering   covering-number bounds, canonical forms, greedy eps-nets
training   digits data (shipped with scikit-learn), seeded Adam training loops
verify     checks that print their margin and fail loudly
plotting   the book's figure style
limits     the memory budget (NNSYM_MAX_BYTES): big inputs get a refusal, not an exhausted machine
listing    function sources without docstrings, for the chapters' code listings
"""

__version__ = "0.1.0"
