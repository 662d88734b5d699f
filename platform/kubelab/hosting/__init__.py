"""Hosting: where learners' clusters live.

A cluster lives in the memory of exactly one Celery worker at a time, the
holder of its Redis lease. The journal in the database is the truth: every
command is written there before it runs, snapshots every N commands bound the
replay, and any worker can rebuild the cluster from snapshot plus journal.

Modules:
    models      cluster records, journal entries, snapshots, console messages
    clocks      how wall time maps to a cluster's virtual time
    leases      who holds which cluster, in Redis
    dispatch    sending work to the holder (or the shared queue)
    presence    which attempts have a console connected
    runtime     the worker's in-memory clusters (LRU with a byte budget)
    engine      running commands and wake-ups on a held cluster
    publishing  sequenced, persisted messages fanned out to consoles
    services    writes; selectors: reads
    tasks       Celery adapters over engine
"""
