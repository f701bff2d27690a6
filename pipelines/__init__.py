"""Item pipelines, in the order they run (see ``ITEM_PIPELINES`` in monitor/settings.py):

validate → relevance → dedup → version (diff + alert rules) → store → alert (delivery).
Each reads items through ``ItemAdapter`` and keeps one job.
"""
