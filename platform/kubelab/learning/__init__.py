"""Learning: the lab catalogue, lab pages and learners' attempts.

Until the labs package lands, the catalogue offers one entry, the "Free
cluster" sandbox: a fresh three-node cluster with no steps to check.
"""
