"""Composer of the whole-plan corpus (``corpus/plans/``); entry point ``scripts/make_plan_corpus.py``.

``bank`` reads the labelled statement bank, ``people`` invents children and families, ``texts``
holds the templates for what the bank lacks (parents' views, aspirations, G-K), ``compose``
builds one plan and its facts, ``layouts`` extends the fixture template styles (missing, empty
and combined sections), ``rubric`` rates a plan from its facts, ``readme`` writes the corpus README.
"""
