"""Property-based robustness of nnsym.networks, nnsym.training and the memory checks of nnsym.fdim (issue 15).

Every public function is driven with bad and extreme inputs (NaN/inf, wrong shapes, zero or
negative sizes, wrong types, huge sizes).  The only acceptable outcomes are

* a ``ValueError``/``TypeError`` whose message names the offending argument, or
* a finite result that matches an independent reference,

never a silent NaN, a wrong number, a hang (each in-process call runs under an interval-timer
alarm) or an allocation beyond the budget of :mod:`nnsym.limits` (the huge-size calls run in a
child process whose address space is capped, so an attempted big allocation fails loudly there
instead of exhausting the machine).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from nnsym import fdim
from nnsym.limits import ENV_VAR
from nnsym.networks import (
    MLPParams,
    count_params,
    forward,
    forward_torch,
    init_mlp,
    params_to_vector,
    vector_to_params,
)
from nnsym.training import accuracy, evaluate_loss, load_digits_data, train_mlp

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PER_CALL_SECONDS = 10.0


class CallTimeout(Exception):
    """Raised by :func:`time_limit` when a call runs past its budget (a hang)."""


@contextlib.contextmanager
def time_limit(seconds: float = PER_CALL_SECONDS):
    """Fail a call that runs longer than ``seconds`` (SIGALRM; the child-process tests cover hangs in C)."""

    def handler(signum, frame):
        raise CallTimeout(f"call ran longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def outcome(call, *names: str):
    """Run ``call`` under a time limit: ``("ok", result)`` or ``("error", message)`` for an error naming one of ``names``.

    Anything else (another exception type, an error that does not name the argument, a hang)
    fails the test.
    """
    try:
        with time_limit():
            return "ok", call()
    except (ValueError, TypeError) as err:
        msg = str(err)
        assert any(name in msg for name in names), f"error does not name {names}: {msg!r}"
        return "error", msg


@contextlib.contextmanager
def memory_limit(nbytes: int):
    old = os.environ.get(ENV_VAR)
    os.environ[ENV_VAR] = str(nbytes)
    try:
        yield
    finally:
        if old is None:
            del os.environ[ENV_VAR]
        else:
            os.environ[ENV_VAR] = old


# ------------------------------------------------------------------------ strategies

BAD_REALS = st.sampled_from([math.nan, math.inf, -math.inf])
ANY_REAL = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10, 10))
WRONG_TYPES = st.sampled_from([None, "1", b"1", [1.0], {"a": 1}, object(), 1j])
small_widths = st.lists(st.integers(1, 4), min_size=2, max_size=4).map(tuple)
ACTS = st.sampled_from(["relu", "tanh", "sigmoid", "gaussian", "softplus", "identity"])


def reference_forward(params: MLPParams, X: np.ndarray) -> np.ndarray:
    """Sample by sample and unit by unit, with Python floats: independent of forward's matrix code."""
    acts = {
        "relu": lambda z: max(z, 0.0), "tanh": math.tanh, "identity": lambda z: z,
        "sigmoid": lambda z: 0.5 * (1.0 + math.tanh(0.5 * z)), "gaussian": lambda z: math.exp(-0.5 * z * z),
        "softplus": lambda z: max(z, 0.0) + math.log1p(math.exp(-abs(z))),
    }
    act = acts[params.activation]
    out = []
    for x in X:
        h = [float(v) for v in x]
        for l, (W, b) in enumerate(zip(params.weights, params.biases), start=1):
            z = [math.fsum(W[r, c] * h[c] for c in range(len(h))) + b[r] for r in range(len(b))]
            h = z if l == params.depth else [act(v) for v in z]
        out.append(h)
    return np.array(out).reshape(len(X), params.widths[-1])


# ------------------------------------------------------------------------ networks


@SETTINGS
@given(ws=small_widths, act=ACTS, seed=st.integers(0, 2**16), n=st.integers(0, 6),
       scale=st.sampled_from([1e-300, 1e-3, 1.0, 1e3, 1e150, 1e300]))
def test_forward_is_finite_and_matches_a_scalar_reference_or_refuses_overflow(ws, act, seed, n, scale):
    p = init_mlp(ws, act, seed=seed)
    X = np.random.default_rng(seed).normal(size=(n, ws[0])) * scale
    kind, value = outcome(lambda: forward(p, X), "overflowed")
    if kind == "error":  # refusing is only allowed for inputs near the overflow threshold
        assert scale >= 1e150
        return
    assert value.shape == (n, ws[-1]) and np.isfinite(value).all()
    if scale < 1e150:  # the scalar reference itself overflows beyond this
        ref = reference_forward(p, X)
        np.testing.assert_allclose(value, ref, rtol=1e-9, atol=1e-12 * (1 + np.abs(ref).max(initial=0)))
    torch_value = forward_torch(p, X).numpy()
    np.testing.assert_allclose(torch_value, value, rtol=1e-9, atol=1e-12 * (1 + np.abs(value).max(initial=0)))


@SETTINGS
@given(ws=small_widths, bad=BAD_REALS, n=st.integers(1, 5), data=st.data())
def test_forward_and_friends_refuse_nonfinite_inputs_naming_X(ws, bad, n, data):
    p = init_mlp(ws, "relu", seed=0)
    X = np.zeros((n, ws[0]))
    X[data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, ws[0] - 1))] = bad
    labels = np.zeros(n, dtype=int)
    for call in (lambda: forward(p, X), lambda: forward_torch(p, X), lambda: forward_torch(p, torch.as_tensor(X)),
                 lambda: accuracy(p, X, labels), lambda: evaluate_loss(p, X, labels),
                 lambda: fdim.jacobian(p, X), lambda: fdim.batch_functional_dimension(p, X)):
        kind, _ = outcome(call, "X", "inputs")
        assert kind == "error"


@SETTINGS
@given(ws=small_widths, shape=st.lists(st.integers(0, 5), min_size=0, max_size=3).map(tuple))
def test_forward_with_any_shape_returns_the_right_shape_or_refuses_naming_X(ws, shape):
    p = init_mlp(ws, "tanh", seed=1)
    X = np.ones(shape)
    kind, value = outcome(lambda: forward(p, X), "X")
    assert (kind == "ok") == (len(shape) == 2 and shape[1] == ws[0])
    if kind == "ok":
        assert value.shape == (shape[0], ws[-1]) and np.isfinite(value).all()


@SETTINGS
@given(ws=small_widths, weight_scale=ANY_REAL, bias_scale=ANY_REAL, seed=st.one_of(st.integers(-3, 5), WRONG_TYPES))
def test_init_mlp_with_any_scale_and_seed(ws, weight_scale, bias_scale, seed):
    kind, value = outcome(lambda: init_mlp(ws, "relu", seed=seed, weight_scale=weight_scale, bias_scale=bias_scale),
                          "weight_scale", "bias_scale", "seed")
    valid = (all(isinstance(s, (int, float)) and math.isfinite(s) and s >= 0 for s in (weight_scale, bias_scale))
             and (seed is None or isinstance(seed, int) and seed >= 0))  # None: numpy's fresh entropy
    assert (kind == "ok") == valid
    if kind == "ok":
        v = params_to_vector(value)
        assert v.shape == (count_params(ws),) and np.isfinite(v).all()
        if weight_scale == 0 and bias_scale == 0:
            assert not v.any()


@SETTINGS
@given(ws=st.one_of(small_widths, st.lists(st.integers(-2, 3), max_size=4).map(tuple),
                    st.lists(st.floats(allow_nan=True), max_size=3).map(tuple), WRONG_TYPES))
def test_widths_are_positive_integers_or_refused_naming_widths(ws):
    kind, value = outcome(lambda: init_mlp(ws, "tanh"), "widths")
    valid = (isinstance(ws, tuple) and len(ws) >= 2
             and all(isinstance(w, int) and not isinstance(w, bool) and w >= 1 for w in ws))
    assert (kind == "ok") == valid
    if kind == "ok":
        assert value.widths == ws


@SETTINGS
@given(ws=small_widths, data=st.data())
def test_vector_to_params_roundtrips_or_refuses_naming_vector(ws, data):
    P = count_params(ws)
    length = data.draw(st.sampled_from([P, P - 1, P + 1, 0]))
    v = np.arange(max(length, 0), dtype=float) / 7.0
    if length == P and data.draw(st.booleans()):
        v[data.draw(st.integers(0, P - 1))] = data.draw(BAD_REALS)
    kind, value = outcome(lambda: vector_to_params(v, ws, "tanh"), "vector", "parameters")
    assert (kind == "ok") == (length == P and np.isfinite(v).all())
    if kind == "ok":
        np.testing.assert_array_equal(params_to_vector(value), v)


@SETTINGS
@given(bad=WRONG_TYPES)
def test_public_functions_refuse_a_non_network_naming_params(bad):
    X = np.zeros((2, 3))
    for call in (lambda: forward(bad, X), lambda: forward_torch(bad, X), lambda: params_to_vector(bad),
                 lambda: accuracy(bad, X, [0, 0]), lambda: evaluate_loss(bad, X, [0, 0]),
                 lambda: fdim.jacobian(bad, X), lambda: fdim.rescaling_kernel_vectors(bad)):
        assert outcome(call, "params")[0] == "error"


# ------------------------------------------------------------------------ training


def _data(n=12, n_in=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.normal(size=n)


@SETTINGS
@given(lr=ANY_REAL, weight_decay=ANY_REAL, batch_size=st.one_of(st.none(), st.integers(-3, 20), st.floats(0, 5)),
       steps=st.one_of(st.integers(-2, 3), st.floats(0, 3)))
def test_train_mlp_hyperparameters_are_valid_or_refused_naming_them(lr, weight_decay, batch_size, steps):
    X, y = _data()
    kind, value = outcome(
        lambda: train_mlp((2, 3, 1), X, y, loss="mse", lr=lr, weight_decay=weight_decay,
                          batch_size=batch_size, steps=steps, seed=0),
        "lr", "weight_decay", "batch_size", "steps",
    )
    finite = lambda v: isinstance(v, (int, float)) and math.isfinite(v)  # noqa: E731
    integer = lambda v, lo: isinstance(v, int) and not isinstance(v, bool) and v >= lo  # noqa: E731
    valid = (finite(lr) and lr > 0 and finite(weight_decay) and weight_decay >= 0
             and (batch_size is None or integer(batch_size, 1)) and integer(steps, 1))
    if kind == "ok":
        assert valid and np.isfinite(params_to_vector(value)).all()
    else:
        # a valid but huge lr may diverge: that is refused too, naming lr
        assert not valid or "training diverged" in value


@SETTINGS
@given(n=st.integers(1, 8), n_out=st.integers(1, 3), seed=st.integers(0, 100), one_d=st.booleans())
def test_mse_loss_equals_the_hand_formula_for_every_target_shape(n, n_out, seed, one_d):
    rng = np.random.default_rng(seed)
    p = init_mlp((2, 3, n_out), "tanh", seed=seed)
    X = rng.normal(size=(n, 2))
    Y = rng.normal(size=(n, n_out))
    y = Y[:, 0] if one_d else Y
    kind, value = outcome(lambda: evaluate_loss(p, X, y, "mse"), "y")
    if one_d and n_out > 1:
        assert kind == "error"
        return
    target = Y[:, :1] if one_d else Y
    hand = 0.5 * np.mean([math.fsum((a - b) ** 2 for a, b in zip(f, t)) for f, t in zip(forward(p, X), target)])
    assert kind == "ok" and value == pytest.approx(hand, rel=1e-12, abs=1e-300)


@SETTINGS
@given(labels=st.lists(st.one_of(st.integers(-2, 5), st.floats(allow_nan=True, allow_infinity=True)),
                       min_size=1, max_size=6))
def test_labels_are_integers_in_range_or_refused_naming_y(labels):
    n = len(labels)
    p = init_mlp((2, 3, 4), "tanh", seed=0)
    X = np.random.default_rng(n).normal(size=(n, 2))
    y = np.array(labels, dtype=float if any(isinstance(v, float) for v in labels) else int)
    valid = all(math.isfinite(v) and v == int(v) and 0 <= v < 4 for v in labels)
    for call in (lambda: accuracy(p, X, y), lambda: evaluate_loss(p, X, y)):
        kind, value = outcome(call, "y")
        assert (kind == "ok") == valid
        if kind == "ok":
            assert math.isfinite(value)
    if valid:
        pred = np.argmax(reference_forward(p, X), axis=1)
        assert accuracy(p, X, y) == pytest.approx(np.mean(pred == y.astype(int)), abs=0)


@settings(max_examples=8, deadline=None)
@given(n_train=st.one_of(st.integers(-5, 3000), st.floats(allow_nan=True), st.booleans(), WRONG_TYPES))
def test_load_digits_data_size_is_an_integer_in_range_or_refused_naming_n_train(n_train):
    kind, value = outcome(lambda: load_digits_data(n_train), "n_train")
    valid = isinstance(n_train, int) and not isinstance(n_train, bool) and 1 <= n_train <= 1796
    assert (kind == "ok") == valid
    if kind == "ok":
        assert value.X_train.shape == (n_train, 64) and len(value.y_test) == 1797 - n_train
        assert np.isfinite(value.X_train).all() and np.isfinite(value.X_test).all()


# ------------------------------------------------------------------------ fdim: memory and chunking


@SETTINGS
@given(ws=st.lists(st.integers(1, 6), min_size=2, max_size=4).map(tuple), n=st.integers(1, 40),
       limit=st.integers(2**10, 2**22), route=st.sampled_from(["jacobian", "jacobian_gram"]))
def test_refusal_happens_exactly_when_the_estimate_exceeds_the_limit(ws, n, limit, route):
    p = init_mlp(ws, "relu", seed=0)
    X = np.random.default_rng(0).normal(size=(n, ws[0]))
    fn = fdim.jacobian if route == "jacobian" else fdim.jacobian_gram
    need = fdim.route_memory(ws, n, route)
    with memory_limit(limit):
        kind, value = outcome(lambda: fn(p, X), "would allocate")
    assert (kind == "error") == (need > limit), (need, limit)
    if kind == "ok":
        m = n * ws[-1]
        assert tuple(value.shape) == ((m, p.n_params) if route == "jacobian" else (m, m))
        assert bool(torch.isfinite(value).all())


@SETTINGS
@given(chunk_size=st.one_of(st.none(), st.integers(-6, 12), st.floats(0, 5), st.booleans()),
       method=st.sampled_from(["auto", "svd", "qr", "certified"]), seed=st.integers(0, 50))
def test_chunk_size_is_a_positive_integer_or_refused_and_never_changes_the_rank(chunk_size, method, seed):
    p = init_mlp((2, 5, 1), "relu", seed=seed)
    X = np.random.default_rng(seed).normal(size=(30, 2))
    reference = int(np.linalg.matrix_rank(fdim.jacobian(p, X).numpy()))
    kind, value = outcome(lambda: fdim.batch_functional_dimension(p, X, method=method, chunk_size=chunk_size),
                          "chunk_size")
    valid = chunk_size is None or (isinstance(chunk_size, int) and not isinstance(chunk_size, bool)
                                   and chunk_size >= 1)
    assert (kind == "ok") == valid
    if kind == "ok":
        assert value == reference


# ------------------------------------------------------------------------ huge sizes, in a capped child process

HUGE_CASES = textwrap.dedent(
    """
    import json, resource, sys, time
    import numpy as np, torch
    from nnsym import fdim
    from nnsym.networks import forward, forward_torch, init_mlp
    from nnsym.training import accuracy, evaluate_loss, train_mlp

    # first, before anything big: is the estimate honest?  peak RSS growth of jacobian_gram
    # (m = 2000 rows: G and its factors, ~110 MB) against route_memory
    honest = init_mlp((20, 50, 50, 1), "relu", seed=0)
    Xh = np.random.default_rng(0).normal(size=(2000, 20))
    fdim.jacobian_gram(honest, Xh[:4])
    def peak():  # VmHWM: this process image's peak RSS (ru_maxrss would include the parent's before exec)
        return int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) * 1024

    rss0 = peak()
    fdim.jacobian_gram(honest, Xh)
    measured = peak() - rss0
    estimate = fdim.route_memory(honest.widths, 2000, "jacobian_gram")

    vm = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
    cap = vm + 1536 * 2**20  # the process may grow by 1.5 GiB, far below any refused estimate
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))  # a hang in C code is killed, not waited for
    big = init_mlp((784, 1000, 1000, 10), "relu", seed=0)
    small = init_mlp((2, 8, 1), "relu", seed=0)
    Xbig = np.broadcast_to(np.zeros(784), (10**5, 784))          # stride 0: no memory
    Xhuge = np.broadcast_to(np.zeros(2), (10**10, 2))
    Thuge = torch.zeros(1, 2).expand(10**10, 2)
    cases = {
        "jacobian": lambda: fdim.jacobian(big, Xbig),
        "jacobian_gram": lambda: fdim.jacobian_gram(big, Xbig),
        "batch_functional_dimension auto": lambda: fdim.batch_functional_dimension(big, Xbig),
        "batch_functional_dimension svd": lambda: fdim.batch_functional_dimension(big, Xbig, method="svd"),
        "batch_functional_dimension qr": lambda: fdim.batch_functional_dimension(big, Xbig, method="qr",
                                                                                  chunk_size=4),
        "jacobian_singular_values": lambda: fdim.jacobian_singular_values(big, Xbig),
        "certified_rank": lambda: fdim.certified_rank(big, Xbig),
        "rescaling_kernel_vectors": lambda: fdim.rescaling_kernel_vectors(big),
        "activation_patterns": lambda: fdim.activation_patterns(small, Xhuge),
        "estimate_full_functional_dimension": lambda: fdim.estimate_full_functional_dimension(small, [10**10]),
        "forward": lambda: forward(small, Xhuge),
        "forward_torch": lambda: forward_torch(small, Thuge),
        "accuracy": lambda: accuracy(small, Xhuge, np.broadcast_to(np.zeros(1, int), (10**10,))),
        "evaluate_loss": lambda: evaluate_loss(small, Xhuge, np.broadcast_to(np.zeros(1), (10**10,)), "mse"),
        "train_mlp": lambda: train_mlp((2, 8, 1), Xhuge, np.broadcast_to(np.zeros(1), (10**10,)), loss="mse"),
        "init_mlp": lambda: init_mlp((10**6, 10**6, 1)),
    }
    out = {}
    for name, call in cases.items():
        t0 = time.process_time()
        try:
            call()
            out[name] = ["returned", ""]
        except Exception as err:
            out[name] = [type(err).__name__, str(err)[:300]]
        out[name].append(time.process_time() - t0)
    out["honesty"] = [measured, estimate]
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def huge_results():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p), ENV_VAR: ""}
    proc = subprocess.run([sys.executable, "-c", HUGE_CASES], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", [
    "jacobian", "jacobian_gram", "batch_functional_dimension auto", "batch_functional_dimension svd",
    "batch_functional_dimension qr", "jacobian_singular_values", "certified_rank", "rescaling_kernel_vectors",
    "activation_patterns", "estimate_full_functional_dimension", "forward", "forward_torch", "accuracy",
    "evaluate_loss", "train_mlp", "init_mlp",
])
def test_huge_sizes_are_refused_before_allocating_in_a_capped_process(huge_results, name):
    kind, message, cpu_seconds = huge_results[name]
    # a MemoryError/RuntimeError here would mean an allocation was attempted before the refusal
    assert kind == "ValueError", (kind, message)
    assert "would allocate" in message and "refused before allocating" in message and "Way out" in message
    assert cpu_seconds < 1.0, f"{name} took {cpu_seconds:.2f} s of CPU before refusing"


def test_the_memory_estimate_is_an_honest_upper_bound(huge_results):
    measured, estimate = huge_results["honesty"]
    # close to the truth: refusals are neither late (peak well above the estimate) nor spurious
    # (estimate far above the peak); 15 % slack for the allocator's noise in ru_maxrss
    assert 0.4 * estimate <= measured <= 1.15 * estimate, (measured, estimate)


# ----------------------------------------------------------------- every public function
import importlib as _importlib
import inspect as _inspect
import signal as _signal

_MODULES = ("networks", "symmetry", "counting", "fdim", "covering", "spectrum", "training",
            "ridgelet", "plotting", "limits", "listing", "verify")
# check_* assert the mathematics: a failed check is an AssertionError by contract
_CONTRACT_ASSERTS = {"verify.check_close", "verify.check_true", "verify.check_symbolic_zero"}
_BAD = [None, "abc", float("nan"), -1, np.array([np.nan, 1.0]), np.zeros((0,)), 1e308]


def _public_functions():
    out = []
    for m in _MODULES:
        mod = _importlib.import_module(f"nnsym.{m}")
        for name in getattr(mod, "__all__", []):
            fn = getattr(mod, name)
            if _inspect.isfunction(fn) and f"{m}.{name}" not in _CONTRACT_ASSERTS:
                required = [p for p in _inspect.signature(fn).parameters.values()
                            if p.default is _inspect.Parameter.empty
                            and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                if required:
                    out.append((f"{m}.{name}", fn, len(required)))
    return out


@pytest.mark.parametrize("name, fn, n_args", _public_functions(), ids=lambda v: v if isinstance(v, str) else "")
@settings(max_examples=len(_BAD) * 2, deadline=None)
@given(bad=st.sampled_from(_BAD))
def test_every_public_function_refuses_bad_input_clearly(name, fn, n_args, bad):
    """Bad arguments get a ValueError/TypeError (or a finite answer), within 3 s; never another
    exception type (AttributeError, IndexError, ...), a NaN result or a hang."""
    def alarm(*_):
        raise TimeoutError(f"{name} did not answer within 3 s")
    old = _signal.signal(_signal.SIGALRM, alarm)
    _signal.alarm(3)
    try:
        result = fn(*[bad] * n_args)
    except (ValueError, TypeError):
        return
    finally:
        _signal.alarm(0)
        _signal.signal(_signal.SIGALRM, old)
    try:
        values = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return  # not numeric (a network, an expression, a figure)
    assert np.all(np.isfinite(values)), f"{name}({bad!r}) returned non-finite values"
