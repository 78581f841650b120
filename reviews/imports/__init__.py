"""Batch imports (批量导入): an Excel file of many rows → one submission of a kind, in a background job.

A domain app plugs a kind in with one ``ImportSpec`` declared in its own ``imports.py`` (found by
autodiscovery, like ``admin.py``): the template columns, a set-based batch validator and a bulk writer.
Read ``spec.py`` first; ``services.py`` runs a job; ``views.py`` is the unit hall's pages.
"""
