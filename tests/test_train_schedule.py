"""A run resumed from weights alone (the GPU recipe's optimizer does not travel back) continues the
inverse-square-root schedule where the earlier run left it, instead of warming up to the peak again."""
from __future__ import annotations

import math

import pytest

from localize.train import REWARM, Recipe, schedule


def test_a_new_run_uses_its_own_schedule() -> None:
    assert schedule(Recipe(lr=7e-4, warmup=1000)) == (7e-4, 1000, 1000)


@pytest.mark.parametrize("s", [REWARM, 100, 1000, 5000])
def test_a_resumed_run_continues_the_curve(s: int) -> None:
    from transformers.optimization import _get_inverse_sqrt_schedule_lr_lambda
    r = Recipe(lr=7e-4, warmup=1000, step_offset=5741)
    peak, warmup, timescale = schedule(r)
    rate = peak * _get_inverse_sqrt_schedule_lr_lambda(s, num_warmup_steps=warmup, timescale=timescale)
    assert rate == pytest.approx(7e-4 * math.sqrt(1000 / (5741 + s)))   # the original curve at step 5741 + s
    assert peak < r.lr                                                   # never the peak of a new run again
