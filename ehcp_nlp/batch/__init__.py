"""Batch pre-screening of a folder of plans: run, store, tables, cohort report, audit decisions."""
