"""The checks, one small class each, grouped by the part of the plan they read.

Importing this package registers every rule; metadata is in ``data/rules.json``.
"""
from . import consistency, documents, needs, outcomes, provision, statutory, voice  # noqa: F401
