"""Generator of the golden fixture plans (fictional EHCPs); entry point ``scripts/make_fixtures.py``.

``plans`` holds the content, ``styles`` lays a plan out in a council template
style as a ``layout`` (headings, lines, text boxes, tables), ``render_*`` draw a
layout in one file format, and ``expected`` reads the same layout to say what
the segmenter should find.
"""
