"""ssc's host accepts the wasm features Fluvio's engine accepts, and refuses the others (issue 14).

Fluvio's SmartEngine is wasmtime 34 with the default config plus fuel;
ssc runs a newer wasmtime, whose defaults differ. tests/wat/wasmtime34_features.txt
holds one module per feature and what wasmtime 34 itself did with it
(recorded by ``tests/engine_features.py --record`` under wasmtime 34). Both
ssc's engines (with and without the deadline's epochs) and the "current"
verdict of ``ssc inspect`` must agree with it.
"""

from __future__ import annotations

import pytest
import wasmtime

from engine_features import FeatureCase, engine_accepts, read_cases
from ssc.inspection import inspect_module
from ssc.runtime.sandbox import DEFAULT_MAX_STACK, engine_for

CASES = read_cases()[1]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_engine_accepts_what_wasmtime_34_accepts(case: FeatureCase) -> None:
    wasm = wasmtime.wat2wasm(case.wat)
    for epochs in (True, False):
        assert engine_accepts(engine_for(DEFAULT_MAX_STACK, epochs), wasm) is case.accepts


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_inspect_refuses_exactly_the_features_wasmtime_34_refuses(case: FeatureCase) -> None:
    info = inspect_module(wasmtime.wat2wasm(case.wat), name=case.name)
    assert info.invalid is None
    used = [use.feature for use in info.features]
    assert case.feature in used if case.feature != "mvp" else used == []
    feature_reasons = [reason for reason in info.current.reasons if "does not enable" in reason]
    if case.accepts:
        assert feature_reasons == []
    else:
        assert len(feature_reasons) == 1
        assert feature_reasons[0].startswith(f"it uses {case.feature} (")
        assert feature_reasons[0].endswith("which wasmtime 34 (current SPUs) does not enable")


def test_the_table_covers_every_feature_the_host_rules_name() -> None:
    from ssc.inspection import CURRENT_HOST_MISSING_FEATURES

    refused = {case.feature for case in CASES if not case.accepts}
    assert refused == set(CURRENT_HOST_MISSING_FEATURES)
    assert {"memory64", "threads", "tail-call", "multi-memory"} <= {case.feature for case in CASES if case.accepts}
