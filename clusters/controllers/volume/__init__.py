"""Persistent volumes: the PV binder (kube-controller-manager "persistentvolume-binder-controller"),
the claim and volume protection controllers, and kind's local-path provisioner."""
from clusters.controllers.volume.local_path import LocalPathProvisioner
from clusters.controllers.volume.protection import PVCProtectionController, PVProtectionController
from clusters.controllers.volume.pv_controller import PersistentVolumeController

__all__ = ["LocalPathProvisioner", "PVCProtectionController", "PVProtectionController", "PersistentVolumeController"]
