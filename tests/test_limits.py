import pytest

from nnsym.limits import ENV_VAR, MAX_BYTES, check_memory, format_bytes, max_bytes


def test_default_limit_is_4_gib(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert MAX_BYTES == 4 * 2**30 == max_bytes()


@pytest.mark.parametrize("raw, expected", [("1000", 1000), ("16e9", 16 * 10**9), (" 2048 ", 2048), ("", MAX_BYTES)])
def test_environment_variable_overrides_the_limit(monkeypatch, raw, expected):
    monkeypatch.setenv(ENV_VAR, raw)
    assert max_bytes() == expected


@pytest.mark.parametrize("raw", ["lots", "nan", "inf", "0", "-5"])
def test_bad_environment_value_raises_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv(ENV_VAR, raw)
    with pytest.raises(ValueError, match=ENV_VAR):
        max_bytes()


def test_check_memory_refuses_above_the_limit_and_states_estimate_limit_and_way_out(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(2**20))
    check_memory(2**20, "exactly at the limit")  # allowed
    with pytest.raises(ValueError, match=r"the thing would allocate about 2\.0 MiB, above the memory limit of "
                                         r"1\.0 MiB.*Way out: stream it\."):
        check_memory(2**21, "the thing", "stream it.")
    with pytest.raises(ValueError, match="would allocate"):
        check_memory(10**40, "a Python-int estimate far beyond int64")


@pytest.mark.parametrize("bad", [float("nan"), -1, "5", True])
def test_check_memory_rejects_a_non_estimate(bad):
    with pytest.raises(ValueError, match="nbytes"):
        check_memory(bad, "x")


def test_format_bytes():
    assert format_bytes(512) == "512 B"
    assert format_bytes(3 * 2**30) == "3.0 GiB"
    assert format_bytes(28 * 10**9) == "26.1 GiB"
