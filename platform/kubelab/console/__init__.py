"""Console: the websocket between a learner's browser and their cluster.

The consumer is thin: it authorises (session user owns the attempt), checks
message shape and size, routes commands to the worker holding the cluster,
and relays what workers publish to the attempt's group.
"""
