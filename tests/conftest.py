"""Shared fixtures: paths to the golden fixture plans."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PLANS = FIXTURES / "plans"


@pytest.fixture
def plans_dir() -> Path:
    return PLANS
