"""Go struct field order for the API types kubectl prints as typed objects.

kubectl's JSON printer is encoding/json's MarshalIndent (cli-runtime
printers/json.go). An object read as unstructured (get, apply, patch, label,
scale) is a map, so its keys come out sorted; an object kubectl builds or
decodes into its Go type (create's generators, run, expose, autoscale, the
set commands, taint) comes out in struct field order: ``kind``,
``apiVersion``, ``metadata`` (name before creationTimestamp), then spec and
status in the order the types declare them. YAML is unaffected: sigs.k8s.io/yaml
goes through a map and sorts.

``FIELDS`` lists each struct's JSON names in declaration order, with embedded
``json:",inline"`` structs promoted in place, as read from k8s.io/api v0.32.4
(kubectl 1.32's) ``<group>/<version>/types.go`` and apimachinery's meta/v1
types.go, for every type reachable from the kinds in ``ROOTS``. A field is
``name`` when its value has no struct inside, else ``name:Type`` where Type
may be ``[]T`` or ``map[T]``; bare type names are core/v1, ``meta.`` is
meta/v1.
"""
from __future__ import annotations

from typing import Any

FIELDS = {
    "apps/v1.DaemonSet": "kind apiVersion metadata:meta.ObjectMeta spec:apps/v1.DaemonSetSpec status:apps/v1.DaemonSetStatus",
    "apps/v1.DaemonSetCondition": "type status lastTransitionTime reason message",
    "apps/v1.DaemonSetSpec": "selector:meta.LabelSelector template:PodTemplateSpec updateStrategy:apps/v1.DaemonSetUpdateStrategy minReadySeconds revisionHistoryLimit",
    "apps/v1.DaemonSetStatus": "currentNumberScheduled numberMisscheduled desiredNumberScheduled numberReady observedGeneration updatedNumberScheduled numberAvailable numberUnavailable collisionCount conditions:[]apps/v1.DaemonSetCondition",
    "apps/v1.DaemonSetUpdateStrategy": "type rollingUpdate:apps/v1.RollingUpdateDaemonSet",
    "apps/v1.Deployment": "kind apiVersion metadata:meta.ObjectMeta spec:apps/v1.DeploymentSpec status:apps/v1.DeploymentStatus",
    "apps/v1.DeploymentCondition": "type status lastUpdateTime lastTransitionTime reason message",
    "apps/v1.DeploymentSpec": "replicas selector:meta.LabelSelector template:PodTemplateSpec strategy:apps/v1.DeploymentStrategy minReadySeconds revisionHistoryLimit paused progressDeadlineSeconds",
    "apps/v1.DeploymentStatus": "observedGeneration replicas updatedReplicas readyReplicas availableReplicas unavailableReplicas conditions:[]apps/v1.DeploymentCondition collisionCount",
    "apps/v1.DeploymentStrategy": "type rollingUpdate:apps/v1.RollingUpdateDeployment",
    "apps/v1.ReplicaSet": "kind apiVersion metadata:meta.ObjectMeta spec:apps/v1.ReplicaSetSpec status:apps/v1.ReplicaSetStatus",
    "apps/v1.ReplicaSetCondition": "type status lastTransitionTime reason message",
    "apps/v1.ReplicaSetSpec": "replicas minReadySeconds selector:meta.LabelSelector template:PodTemplateSpec",
    "apps/v1.ReplicaSetStatus": "replicas fullyLabeledReplicas readyReplicas availableReplicas observedGeneration conditions:[]apps/v1.ReplicaSetCondition",
    "apps/v1.RollingUpdateDaemonSet": "maxUnavailable maxSurge",
    "apps/v1.RollingUpdateDeployment": "maxUnavailable maxSurge",
    "apps/v1.RollingUpdateStatefulSetStrategy": "partition maxUnavailable",
    "apps/v1.StatefulSet": "kind apiVersion metadata:meta.ObjectMeta spec:apps/v1.StatefulSetSpec status:apps/v1.StatefulSetStatus",
    "apps/v1.StatefulSetCondition": "type status lastTransitionTime reason message",
    "apps/v1.StatefulSetOrdinals": "start",
    "apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy": "whenDeleted whenScaled",
    "apps/v1.StatefulSetSpec": "replicas selector:meta.LabelSelector template:PodTemplateSpec volumeClaimTemplates:[]PersistentVolumeClaim serviceName podManagementPolicy updateStrategy:apps/v1.StatefulSetUpdateStrategy revisionHistoryLimit minReadySeconds persistentVolumeClaimRetentionPolicy:apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy ordinals:apps/v1.StatefulSetOrdinals",
    "apps/v1.StatefulSetStatus": "observedGeneration replicas readyReplicas currentReplicas updatedReplicas currentRevision updateRevision collisionCount conditions:[]apps/v1.StatefulSetCondition availableReplicas",
    "apps/v1.StatefulSetUpdateStrategy": "type rollingUpdate:apps/v1.RollingUpdateStatefulSetStrategy",
    "autoscaling/v1.CrossVersionObjectReference": "kind name apiVersion",
    "autoscaling/v1.HorizontalPodAutoscaler": "kind apiVersion metadata:meta.ObjectMeta spec:autoscaling/v1.HorizontalPodAutoscalerSpec status:autoscaling/v1.HorizontalPodAutoscalerStatus",
    "autoscaling/v1.HorizontalPodAutoscalerSpec": "scaleTargetRef:autoscaling/v1.CrossVersionObjectReference minReplicas maxReplicas targetCPUUtilizationPercentage",
    "autoscaling/v1.HorizontalPodAutoscalerStatus": "observedGeneration lastScaleTime currentReplicas desiredReplicas currentCPUUtilizationPercentage",
    "autoscaling/v2.ContainerResourceMetricSource": "name target:autoscaling/v2.MetricTarget container",
    "autoscaling/v2.ContainerResourceMetricStatus": "name current:autoscaling/v2.MetricValueStatus container",
    "autoscaling/v2.CrossVersionObjectReference": "kind name apiVersion",
    "autoscaling/v2.ExternalMetricSource": "metric:autoscaling/v2.MetricIdentifier target:autoscaling/v2.MetricTarget",
    "autoscaling/v2.ExternalMetricStatus": "metric:autoscaling/v2.MetricIdentifier current:autoscaling/v2.MetricValueStatus",
    "autoscaling/v2.HPAScalingPolicy": "type value periodSeconds",
    "autoscaling/v2.HPAScalingRules": "stabilizationWindowSeconds selectPolicy policies:[]autoscaling/v2.HPAScalingPolicy",
    "autoscaling/v2.HorizontalPodAutoscaler": "kind apiVersion metadata:meta.ObjectMeta spec:autoscaling/v2.HorizontalPodAutoscalerSpec status:autoscaling/v2.HorizontalPodAutoscalerStatus",
    "autoscaling/v2.HorizontalPodAutoscalerBehavior": "scaleUp:autoscaling/v2.HPAScalingRules scaleDown:autoscaling/v2.HPAScalingRules",
    "autoscaling/v2.HorizontalPodAutoscalerCondition": "type status lastTransitionTime reason message",
    "autoscaling/v2.HorizontalPodAutoscalerSpec": "scaleTargetRef:autoscaling/v2.CrossVersionObjectReference minReplicas maxReplicas metrics:[]autoscaling/v2.MetricSpec behavior:autoscaling/v2.HorizontalPodAutoscalerBehavior",
    "autoscaling/v2.HorizontalPodAutoscalerStatus": "observedGeneration lastScaleTime currentReplicas desiredReplicas currentMetrics:[]autoscaling/v2.MetricStatus conditions:[]autoscaling/v2.HorizontalPodAutoscalerCondition",
    "autoscaling/v2.MetricIdentifier": "name selector:meta.LabelSelector",
    "autoscaling/v2.MetricSpec": "type object:autoscaling/v2.ObjectMetricSource pods:autoscaling/v2.PodsMetricSource resource:autoscaling/v2.ResourceMetricSource containerResource:autoscaling/v2.ContainerResourceMetricSource external:autoscaling/v2.ExternalMetricSource",
    "autoscaling/v2.MetricStatus": "type object:autoscaling/v2.ObjectMetricStatus pods:autoscaling/v2.PodsMetricStatus resource:autoscaling/v2.ResourceMetricStatus containerResource:autoscaling/v2.ContainerResourceMetricStatus external:autoscaling/v2.ExternalMetricStatus",
    "autoscaling/v2.MetricTarget": "type value averageValue averageUtilization",
    "autoscaling/v2.MetricValueStatus": "value averageValue averageUtilization",
    "autoscaling/v2.ObjectMetricSource": "describedObject:autoscaling/v2.CrossVersionObjectReference target:autoscaling/v2.MetricTarget metric:autoscaling/v2.MetricIdentifier",
    "autoscaling/v2.ObjectMetricStatus": "metric:autoscaling/v2.MetricIdentifier current:autoscaling/v2.MetricValueStatus describedObject:autoscaling/v2.CrossVersionObjectReference",
    "autoscaling/v2.PodsMetricSource": "metric:autoscaling/v2.MetricIdentifier target:autoscaling/v2.MetricTarget",
    "autoscaling/v2.PodsMetricStatus": "metric:autoscaling/v2.MetricIdentifier current:autoscaling/v2.MetricValueStatus",
    "autoscaling/v2.ResourceMetricSource": "name target:autoscaling/v2.MetricTarget",
    "autoscaling/v2.ResourceMetricStatus": "name current:autoscaling/v2.MetricValueStatus",
    "batch/v1.CronJob": "kind apiVersion metadata:meta.ObjectMeta spec:batch/v1.CronJobSpec status:batch/v1.CronJobStatus",
    "batch/v1.CronJobSpec": "schedule timeZone startingDeadlineSeconds concurrencyPolicy suspend jobTemplate:batch/v1.JobTemplateSpec successfulJobsHistoryLimit failedJobsHistoryLimit",
    "batch/v1.CronJobStatus": "active:[]ObjectReference lastScheduleTime lastSuccessfulTime",
    "batch/v1.Job": "kind apiVersion metadata:meta.ObjectMeta spec:batch/v1.JobSpec status:batch/v1.JobStatus",
    "batch/v1.JobCondition": "type status lastProbeTime lastTransitionTime reason message",
    "batch/v1.JobSpec": "parallelism completions activeDeadlineSeconds podFailurePolicy:batch/v1.PodFailurePolicy successPolicy:batch/v1.SuccessPolicy backoffLimit backoffLimitPerIndex maxFailedIndexes selector:meta.LabelSelector manualSelector template:PodTemplateSpec ttlSecondsAfterFinished completionMode suspend podReplacementPolicy managedBy",
    "batch/v1.JobStatus": "conditions:[]batch/v1.JobCondition startTime completionTime active succeeded failed terminating completedIndexes failedIndexes uncountedTerminatedPods:batch/v1.UncountedTerminatedPods ready",
    "batch/v1.JobTemplateSpec": "metadata:meta.ObjectMeta spec:batch/v1.JobSpec",
    "batch/v1.PodFailurePolicy": "rules:[]batch/v1.PodFailurePolicyRule",
    "batch/v1.PodFailurePolicyOnExitCodesRequirement": "containerName operator values",
    "batch/v1.PodFailurePolicyOnPodConditionsPattern": "type status",
    "batch/v1.PodFailurePolicyRule": "action onExitCodes:batch/v1.PodFailurePolicyOnExitCodesRequirement onPodConditions:[]batch/v1.PodFailurePolicyOnPodConditionsPattern",
    "batch/v1.SuccessPolicy": "rules:[]batch/v1.SuccessPolicyRule",
    "batch/v1.SuccessPolicyRule": "succeededIndexes succeededCount",
    "batch/v1.UncountedTerminatedPods": "succeeded failed",
    "AWSElasticBlockStoreVolumeSource": "volumeID fsType partition readOnly",
    "Affinity": "nodeAffinity:NodeAffinity podAffinity:PodAffinity podAntiAffinity:PodAntiAffinity",
    "AppArmorProfile": "type localhostProfile",
    "AttachedVolume": "name devicePath",
    "AzureDiskVolumeSource": "diskName diskURI cachingMode fsType readOnly kind",
    "AzureFileVolumeSource": "secretName shareName readOnly",
    "CSIVolumeSource": "driver readOnly fsType volumeAttributes nodePublishSecretRef:LocalObjectReference",
    "Capabilities": "add drop",
    "CephFSVolumeSource": "monitors path user secretFile secretRef:LocalObjectReference readOnly",
    "CinderVolumeSource": "volumeID fsType readOnly secretRef:LocalObjectReference",
    "ClientIPConfig": "timeoutSeconds",
    "ClusterTrustBundleProjection": "name signerName labelSelector:meta.LabelSelector optional path",
    "ConfigMap": "kind apiVersion metadata:meta.ObjectMeta immutable data binaryData",
    "ConfigMapEnvSource": "name optional",
    "ConfigMapKeySelector": "name key optional",
    "ConfigMapNodeConfigSource": "namespace name uid resourceVersion kubeletConfigKey",
    "ConfigMapProjection": "name items:[]KeyToPath optional",
    "ConfigMapVolumeSource": "name items:[]KeyToPath defaultMode optional",
    "Container": "name image command args workingDir ports:[]ContainerPort envFrom:[]EnvFromSource env:[]EnvVar resources:ResourceRequirements resizePolicy:[]ContainerResizePolicy restartPolicy volumeMounts:[]VolumeMount volumeDevices:[]VolumeDevice livenessProbe:Probe readinessProbe:Probe startupProbe:Probe lifecycle:Lifecycle terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext:SecurityContext stdin stdinOnce tty",
    "ContainerImage": "names sizeBytes",
    "ContainerPort": "name hostPort containerPort protocol hostIP",
    "ContainerResizePolicy": "resourceName restartPolicy",
    "ContainerState": "waiting:ContainerStateWaiting running:ContainerStateRunning terminated:ContainerStateTerminated",
    "ContainerStateRunning": "startedAt",
    "ContainerStateTerminated": "exitCode signal reason message startedAt finishedAt containerID",
    "ContainerStateWaiting": "reason message",
    "ContainerStatus": "name state:ContainerState lastState:ContainerState ready restartCount image imageID containerID started allocatedResources resources:ResourceRequirements volumeMounts:[]VolumeMountStatus user:ContainerUser allocatedResourcesStatus:[]ResourceStatus",
    "ContainerUser": "linux:LinuxContainerUser",
    "DaemonEndpoint": "Port",
    "DownwardAPIProjection": "items:[]DownwardAPIVolumeFile",
    "DownwardAPIVolumeFile": "path fieldRef:ObjectFieldSelector resourceFieldRef:ResourceFieldSelector mode",
    "DownwardAPIVolumeSource": "items:[]DownwardAPIVolumeFile defaultMode",
    "EmptyDirVolumeSource": "medium sizeLimit",
    "EnvFromSource": "prefix configMapRef:ConfigMapEnvSource secretRef:SecretEnvSource",
    "EnvVar": "name value valueFrom:EnvVarSource",
    "EnvVarSource": "fieldRef:ObjectFieldSelector resourceFieldRef:ResourceFieldSelector configMapKeyRef:ConfigMapKeySelector secretKeyRef:SecretKeySelector",
    "EphemeralContainer": "name image command args workingDir ports:[]ContainerPort envFrom:[]EnvFromSource env:[]EnvVar resources:ResourceRequirements resizePolicy:[]ContainerResizePolicy restartPolicy volumeMounts:[]VolumeMount volumeDevices:[]VolumeDevice livenessProbe:Probe readinessProbe:Probe startupProbe:Probe lifecycle:Lifecycle terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext:SecurityContext stdin stdinOnce tty targetContainerName",
    "EphemeralVolumeSource": "volumeClaimTemplate:PersistentVolumeClaimTemplate",
    "ExecAction": "command",
    "FCVolumeSource": "targetWWNs lun fsType readOnly wwids",
    "FlexVolumeSource": "driver fsType secretRef:LocalObjectReference readOnly options",
    "FlockerVolumeSource": "datasetName datasetUUID",
    "GCEPersistentDiskVolumeSource": "pdName fsType partition readOnly",
    "GRPCAction": "port service",
    "GitRepoVolumeSource": "repository revision directory",
    "GlusterfsVolumeSource": "endpoints path readOnly",
    "HTTPGetAction": "path port host scheme httpHeaders:[]HTTPHeader",
    "HTTPHeader": "name value",
    "HostAlias": "ip hostnames",
    "HostIP": "ip",
    "HostPathVolumeSource": "path type",
    "ISCSIVolumeSource": "targetPortal iqn lun iscsiInterface fsType readOnly portals chapAuthDiscovery chapAuthSession secretRef:LocalObjectReference initiatorName",
    "ImageVolumeSource": "reference pullPolicy",
    "KeyToPath": "key path mode",
    "Lifecycle": "postStart:LifecycleHandler preStop:LifecycleHandler",
    "LifecycleHandler": "exec:ExecAction httpGet:HTTPGetAction tcpSocket:TCPSocketAction sleep:SleepAction",
    "LinuxContainerUser": "uid gid supplementalGroups",
    "LoadBalancerIngress": "ip hostname ipMode ports:[]PortStatus",
    "LoadBalancerStatus": "ingress:[]LoadBalancerIngress",
    "LocalObjectReference": "name",
    "ModifyVolumeStatus": "targetVolumeAttributesClassName status",
    "NFSVolumeSource": "server path readOnly",
    "Namespace": "kind apiVersion metadata:meta.ObjectMeta spec:NamespaceSpec status:NamespaceStatus",
    "NamespaceCondition": "type status lastTransitionTime reason message",
    "NamespaceSpec": "finalizers",
    "NamespaceStatus": "phase conditions:[]NamespaceCondition",
    "Node": "kind apiVersion metadata:meta.ObjectMeta spec:NodeSpec status:NodeStatus",
    "NodeAddress": "type address",
    "NodeAffinity": "requiredDuringSchedulingIgnoredDuringExecution:NodeSelector preferredDuringSchedulingIgnoredDuringExecution:[]PreferredSchedulingTerm",
    "NodeCondition": "type status lastHeartbeatTime lastTransitionTime reason message",
    "NodeConfigSource": "configMap:ConfigMapNodeConfigSource",
    "NodeConfigStatus": "assigned:NodeConfigSource active:NodeConfigSource lastKnownGood:NodeConfigSource error",
    "NodeDaemonEndpoints": "kubeletEndpoint:DaemonEndpoint",
    "NodeFeatures": "supplementalGroupsPolicy",
    "NodeRuntimeHandler": "name features:NodeRuntimeHandlerFeatures",
    "NodeRuntimeHandlerFeatures": "recursiveReadOnlyMounts userNamespaces",
    "NodeSelector": "nodeSelectorTerms:[]NodeSelectorTerm",
    "NodeSelectorRequirement": "key operator values",
    "NodeSelectorTerm": "matchExpressions:[]NodeSelectorRequirement matchFields:[]NodeSelectorRequirement",
    "NodeSpec": "podCIDR podCIDRs providerID unschedulable taints:[]Taint configSource:NodeConfigSource externalID",
    "NodeStatus": "capacity allocatable phase conditions:[]NodeCondition addresses:[]NodeAddress daemonEndpoints:NodeDaemonEndpoints nodeInfo:NodeSystemInfo images:[]ContainerImage volumesInUse volumesAttached:[]AttachedVolume config:NodeConfigStatus runtimeHandlers:[]NodeRuntimeHandler features:NodeFeatures",
    "NodeSystemInfo": "machineID systemUUID bootID kernelVersion osImage containerRuntimeVersion kubeletVersion kubeProxyVersion operatingSystem architecture",
    "ObjectFieldSelector": "apiVersion fieldPath",
    "ObjectReference": "kind namespace name uid apiVersion resourceVersion fieldPath",
    "PersistentVolumeClaim": "kind apiVersion metadata:meta.ObjectMeta spec:PersistentVolumeClaimSpec status:PersistentVolumeClaimStatus",
    "PersistentVolumeClaimCondition": "type status lastProbeTime lastTransitionTime reason message",
    "PersistentVolumeClaimSpec": "accessModes selector:meta.LabelSelector resources:VolumeResourceRequirements volumeName storageClassName volumeMode dataSource:TypedLocalObjectReference dataSourceRef:TypedObjectReference volumeAttributesClassName",
    "PersistentVolumeClaimStatus": "phase accessModes capacity conditions:[]PersistentVolumeClaimCondition allocatedResources allocatedResourceStatuses currentVolumeAttributesClassName modifyVolumeStatus:ModifyVolumeStatus",
    "PersistentVolumeClaimTemplate": "metadata:meta.ObjectMeta spec:PersistentVolumeClaimSpec",
    "PersistentVolumeClaimVolumeSource": "claimName readOnly",
    "PhotonPersistentDiskVolumeSource": "pdID fsType",
    "Pod": "kind apiVersion metadata:meta.ObjectMeta spec:PodSpec status:PodStatus",
    "PodAffinity": "requiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm",
    "PodAffinityTerm": "labelSelector:meta.LabelSelector namespaces topologyKey namespaceSelector:meta.LabelSelector matchLabelKeys mismatchLabelKeys",
    "PodAntiAffinity": "requiredDuringSchedulingIgnoredDuringExecution:[]PodAffinityTerm preferredDuringSchedulingIgnoredDuringExecution:[]WeightedPodAffinityTerm",
    "PodCondition": "type status lastProbeTime lastTransitionTime reason message",
    "PodDNSConfig": "nameservers searches options:[]PodDNSConfigOption",
    "PodDNSConfigOption": "name value",
    "PodIP": "ip",
    "PodOS": "name",
    "PodReadinessGate": "conditionType",
    "PodResourceClaim": "name resourceClaimName resourceClaimTemplateName",
    "PodResourceClaimStatus": "name resourceClaimName",
    "PodSchedulingGate": "name",
    "PodSecurityContext": "seLinuxOptions:SELinuxOptions windowsOptions:WindowsSecurityContextOptions runAsUser runAsGroup runAsNonRoot supplementalGroups supplementalGroupsPolicy fsGroup sysctls:[]Sysctl fsGroupChangePolicy seccompProfile:SeccompProfile appArmorProfile:AppArmorProfile seLinuxChangePolicy",
    "PodSpec": "volumes:[]Volume initContainers:[]Container containers:[]Container ephemeralContainers:[]EphemeralContainer restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy nodeSelector serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID hostIPC shareProcessNamespace securityContext:PodSecurityContext imagePullSecrets:[]LocalObjectReference hostname subdomain affinity:Affinity schedulerName tolerations:[]Toleration hostAliases:[]HostAlias priorityClassName priority dnsConfig:PodDNSConfig readinessGates:[]PodReadinessGate runtimeClassName enableServiceLinks preemptionPolicy overhead topologySpreadConstraints:[]TopologySpreadConstraint setHostnameAsFQDN os:PodOS hostUsers schedulingGates:[]PodSchedulingGate resourceClaims:[]PodResourceClaim resources:ResourceRequirements",
    "PodStatus": "phase conditions:[]PodCondition message reason nominatedNodeName hostIP hostIPs:[]HostIP podIP podIPs:[]PodIP startTime initContainerStatuses:[]ContainerStatus containerStatuses:[]ContainerStatus qosClass ephemeralContainerStatuses:[]ContainerStatus resize resourceClaimStatuses:[]PodResourceClaimStatus",
    "PodTemplateSpec": "metadata:meta.ObjectMeta spec:PodSpec",
    "PortStatus": "port protocol error",
    "PortworxVolumeSource": "volumeID fsType readOnly",
    "PreferredSchedulingTerm": "weight preference:NodeSelectorTerm",
    "Probe": "exec:ExecAction httpGet:HTTPGetAction tcpSocket:TCPSocketAction grpc:GRPCAction initialDelaySeconds timeoutSeconds periodSeconds successThreshold failureThreshold terminationGracePeriodSeconds",
    "ProjectedVolumeSource": "sources:[]VolumeProjection defaultMode",
    "QuobyteVolumeSource": "registry volume readOnly user group tenant",
    "RBDVolumeSource": "monitors image fsType pool user keyring secretRef:LocalObjectReference readOnly",
    "ReplicationController": "kind apiVersion metadata:meta.ObjectMeta spec:ReplicationControllerSpec status:ReplicationControllerStatus",
    "ReplicationControllerCondition": "type status lastTransitionTime reason message",
    "ReplicationControllerSpec": "replicas minReadySeconds selector template:PodTemplateSpec",
    "ReplicationControllerStatus": "replicas fullyLabeledReplicas readyReplicas availableReplicas observedGeneration conditions:[]ReplicationControllerCondition",
    "ResourceClaim": "name request",
    "ResourceFieldSelector": "containerName resource divisor",
    "ResourceHealth": "resourceID health",
    "ResourceQuota": "kind apiVersion metadata:meta.ObjectMeta spec:ResourceQuotaSpec status:ResourceQuotaStatus",
    "ResourceQuotaSpec": "hard scopes scopeSelector:ScopeSelector",
    "ResourceQuotaStatus": "hard used",
    "ResourceRequirements": "limits requests claims:[]ResourceClaim",
    "ResourceStatus": "name resources:[]ResourceHealth",
    "SELinuxOptions": "user role type level",
    "ScaleIOVolumeSource": "gateway system secretRef:LocalObjectReference sslEnabled protectionDomain storagePool storageMode volumeName fsType readOnly",
    "ScopeSelector": "matchExpressions:[]ScopedResourceSelectorRequirement",
    "ScopedResourceSelectorRequirement": "scopeName operator values",
    "SeccompProfile": "type localhostProfile",
    "Secret": "kind apiVersion metadata:meta.ObjectMeta immutable data stringData type",
    "SecretEnvSource": "name optional",
    "SecretKeySelector": "name key optional",
    "SecretProjection": "name items:[]KeyToPath optional",
    "SecretVolumeSource": "secretName items:[]KeyToPath defaultMode optional",
    "SecurityContext": "capabilities:Capabilities privileged seLinuxOptions:SELinuxOptions windowsOptions:WindowsSecurityContextOptions runAsUser runAsGroup runAsNonRoot readOnlyRootFilesystem allowPrivilegeEscalation procMount seccompProfile:SeccompProfile appArmorProfile:AppArmorProfile",
    "Service": "kind apiVersion metadata:meta.ObjectMeta spec:ServiceSpec status:ServiceStatus",
    "ServiceAccount": "kind apiVersion metadata:meta.ObjectMeta secrets:[]ObjectReference imagePullSecrets:[]LocalObjectReference automountServiceAccountToken",
    "ServiceAccountTokenProjection": "audience expirationSeconds path",
    "ServicePort": "name protocol appProtocol port targetPort nodePort",
    "ServiceSpec": "ports:[]ServicePort selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort publishNotReadyAddresses sessionAffinityConfig:SessionAffinityConfig ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy trafficDistribution",
    "ServiceStatus": "loadBalancer:LoadBalancerStatus conditions:[]meta.Condition",
    "SessionAffinityConfig": "clientIP:ClientIPConfig",
    "SleepAction": "seconds",
    "StorageOSVolumeSource": "volumeName volumeNamespace fsType readOnly secretRef:LocalObjectReference",
    "Sysctl": "name value",
    "TCPSocketAction": "port host",
    "Taint": "key value effect timeAdded",
    "Toleration": "key operator value effect tolerationSeconds",
    "TopologySpreadConstraint": "maxSkew topologyKey whenUnsatisfiable labelSelector:meta.LabelSelector minDomains nodeAffinityPolicy nodeTaintsPolicy matchLabelKeys",
    "TypedLocalObjectReference": "apiGroup kind name",
    "TypedObjectReference": "apiGroup kind name namespace",
    "Volume": "name hostPath:HostPathVolumeSource emptyDir:EmptyDirVolumeSource gcePersistentDisk:GCEPersistentDiskVolumeSource awsElasticBlockStore:AWSElasticBlockStoreVolumeSource gitRepo:GitRepoVolumeSource secret:SecretVolumeSource nfs:NFSVolumeSource iscsi:ISCSIVolumeSource glusterfs:GlusterfsVolumeSource persistentVolumeClaim:PersistentVolumeClaimVolumeSource rbd:RBDVolumeSource flexVolume:FlexVolumeSource cinder:CinderVolumeSource cephfs:CephFSVolumeSource flocker:FlockerVolumeSource downwardAPI:DownwardAPIVolumeSource fc:FCVolumeSource azureFile:AzureFileVolumeSource configMap:ConfigMapVolumeSource vsphereVolume:VsphereVirtualDiskVolumeSource quobyte:QuobyteVolumeSource azureDisk:AzureDiskVolumeSource photonPersistentDisk:PhotonPersistentDiskVolumeSource projected:ProjectedVolumeSource portworxVolume:PortworxVolumeSource scaleIO:ScaleIOVolumeSource storageos:StorageOSVolumeSource csi:CSIVolumeSource ephemeral:EphemeralVolumeSource image:ImageVolumeSource",
    "VolumeDevice": "name devicePath",
    "VolumeMount": "name readOnly recursiveReadOnly mountPath subPath mountPropagation subPathExpr",
    "VolumeMountStatus": "name mountPath readOnly recursiveReadOnly",
    "VolumeProjection": "secret:SecretProjection downwardAPI:DownwardAPIProjection configMap:ConfigMapProjection serviceAccountToken:ServiceAccountTokenProjection clusterTrustBundle:ClusterTrustBundleProjection",
    "VolumeResourceRequirements": "limits requests",
    "VsphereVirtualDiskVolumeSource": "volumePath fsType storagePolicyName storagePolicyID",
    "WeightedPodAffinityTerm": "weight podAffinityTerm:PodAffinityTerm",
    "WindowsSecurityContextOptions": "gmsaCredentialSpecName gmsaCredentialSpec runAsUserName hostProcess",
    "meta.Condition": "type status observedGeneration lastTransitionTime reason message",
    "meta.LabelSelector": "matchLabels matchExpressions:[]meta.LabelSelectorRequirement",
    "meta.LabelSelectorRequirement": "key operator values",
    "meta.ManagedFieldsEntry": "manager operation apiVersion time fieldsType fieldsV1 subresource",
    "meta.ObjectMeta": "name generateName namespace selfLink uid resourceVersion generation creationTimestamp deletionTimestamp deletionGracePeriodSeconds labels annotations ownerReferences:[]meta.OwnerReference finalizers managedFields:[]meta.ManagedFieldsEntry",
    "meta.OwnerReference": "apiVersion kind name uid controller blockOwnerDeletion",
    "networking/v1.HTTPIngressPath": "path pathType backend:networking/v1.IngressBackend",
    "networking/v1.HTTPIngressRuleValue": "paths:[]networking/v1.HTTPIngressPath",
    "networking/v1.Ingress": "kind apiVersion metadata:meta.ObjectMeta spec:networking/v1.IngressSpec status:networking/v1.IngressStatus",
    "networking/v1.IngressBackend": "service:networking/v1.IngressServiceBackend resource:TypedLocalObjectReference",
    "networking/v1.IngressLoadBalancerIngress": "ip hostname ports:[]networking/v1.IngressPortStatus",
    "networking/v1.IngressLoadBalancerStatus": "ingress:[]networking/v1.IngressLoadBalancerIngress",
    "networking/v1.IngressPortStatus": "port protocol error",
    "networking/v1.IngressRule": "host http:networking/v1.HTTPIngressRuleValue",
    "networking/v1.IngressServiceBackend": "name port:networking/v1.ServiceBackendPort",
    "networking/v1.IngressSpec": "ingressClassName defaultBackend:networking/v1.IngressBackend tls:[]networking/v1.IngressTLS rules:[]networking/v1.IngressRule",
    "networking/v1.IngressStatus": "loadBalancer:networking/v1.IngressLoadBalancerStatus",
    "networking/v1.IngressTLS": "hosts secretName",
    "networking/v1.ServiceBackendPort": "name number",
    "policy/v1.PodDisruptionBudget": "kind apiVersion metadata:meta.ObjectMeta spec:policy/v1.PodDisruptionBudgetSpec status:policy/v1.PodDisruptionBudgetStatus",
    "policy/v1.PodDisruptionBudgetSpec": "minAvailable selector:meta.LabelSelector maxUnavailable unhealthyPodEvictionPolicy",
    "policy/v1.PodDisruptionBudgetStatus": "observedGeneration disruptedPods disruptionsAllowed currentHealthy desiredHealthy expectedPods conditions:[]meta.Condition",
    "rbac/v1.AggregationRule": "clusterRoleSelectors:[]meta.LabelSelector",
    "rbac/v1.ClusterRole": "kind apiVersion metadata:meta.ObjectMeta rules:[]rbac/v1.PolicyRule aggregationRule:rbac/v1.AggregationRule",
    "rbac/v1.ClusterRoleBinding": "kind apiVersion metadata:meta.ObjectMeta subjects:[]rbac/v1.Subject roleRef:rbac/v1.RoleRef",
    "rbac/v1.PolicyRule": "verbs apiGroups resources resourceNames nonResourceURLs",
    "rbac/v1.Role": "kind apiVersion metadata:meta.ObjectMeta rules:[]rbac/v1.PolicyRule",
    "rbac/v1.RoleBinding": "kind apiVersion metadata:meta.ObjectMeta subjects:[]rbac/v1.Subject roleRef:rbac/v1.RoleRef",
    "rbac/v1.RoleRef": "apiGroup kind name",
    "rbac/v1.Subject": "kind apiGroup name namespace",
    "authentication/v1.BoundObjectReference": "kind apiVersion name uid",
    "authentication/v1.TokenRequest": "kind apiVersion metadata:meta.ObjectMeta spec:authentication/v1.TokenRequestSpec status:authentication/v1.TokenRequestStatus",
    "authentication/v1.TokenRequestSpec": "audiences expirationSeconds boundObjectRef:authentication/v1.BoundObjectReference",
    "authentication/v1.TokenRequestStatus": "token expirationTimestamp",
    "authentication/v1.SelfSubjectReview": "kind apiVersion metadata:meta.ObjectMeta status:authentication/v1.SelfSubjectReviewStatus",
    "authentication/v1.SelfSubjectReviewStatus": "userInfo:authentication/v1.UserInfo",
    "authentication/v1.UserInfo": "username uid groups extra",
    "scheduling/v1.PriorityClass": "kind apiVersion metadata:meta.ObjectMeta value globalDefault description preemptionPolicy",
    # k8s.io/client-go/tools/clientcmd/api/v1 types.go: the kubeconfig (kubectl config view -o json)
    "clientcmd/v1.Config": "kind apiVersion preferences:clientcmd/v1.Preferences clusters:[]clientcmd/v1.NamedCluster "
                           "users:[]clientcmd/v1.NamedAuthInfo contexts:[]clientcmd/v1.NamedContext current-context "
                           "extensions",
    "clientcmd/v1.Preferences": "colors extensions",
    "clientcmd/v1.NamedCluster": "name cluster:clientcmd/v1.Cluster",
    "clientcmd/v1.Cluster": "server tls-server-name insecure-skip-tls-verify certificate-authority "
                            "certificate-authority-data proxy-url disable-compression extensions",
    "clientcmd/v1.NamedContext": "name context:clientcmd/v1.Context",
    "clientcmd/v1.Context": "cluster user namespace extensions",
    "clientcmd/v1.NamedAuthInfo": "name user:clientcmd/v1.AuthInfo",
    "clientcmd/v1.AuthInfo": "client-certificate client-certificate-data client-key client-key-data token tokenFile as "
                             "as-uid as-groups as-user-extra username password auth-provider:clientcmd/v1.AuthProviderConfig "
                             "exec:clientcmd/v1.ExecConfig extensions",
    "clientcmd/v1.AuthProviderConfig": "name config",
    "clientcmd/v1.ExecConfig": "command args env:[]clientcmd/v1.ExecEnvVar apiVersion installHint provideClusterInfo "
                               "interactiveMode",
    "clientcmd/v1.ExecEnvVar": "name value",
}

# apiVersion -> the package prefix of its types in FIELDS
_PACKAGES = {"v1": "", "apps/v1": "apps/v1.", "batch/v1": "batch/v1.", "autoscaling/v1": "autoscaling/v1.",
             "autoscaling/v2": "autoscaling/v2.", "networking.k8s.io/v1": "networking/v1.", "policy/v1": "policy/v1.",
             "scheduling.k8s.io/v1": "scheduling/v1.", "rbac.authorization.k8s.io/v1": "rbac/v1.",
             "authentication.k8s.io/v1": "authentication/v1."}

_parsed: dict[str, list[tuple[str, str | None]]] = {}


def _fields(t: str) -> list[tuple[str, str | None]]:
    out = _parsed.get(t)
    if out is None:
        out = []
        for f in FIELDS[t].split():
            name, _, ftype = f.partition(":")
            out.append((name, ftype or None))
        _parsed[t] = out
    return out


def root_type(obj: dict) -> str | None:
    """The FIELDS type of a whole object (by apiVersion and kind), or None when it is not listed."""
    if obj.get("kind") == "Config" and obj.get("apiVersion") == "v1":
        return "clientcmd/v1.Config"
    prefix = _PACKAGES.get(str(obj.get("apiVersion", "")))
    if prefix is None:
        return None
    t = prefix + str(obj.get("kind", ""))
    return t if t in FIELDS else None


def ordered(obj: Any, t: str | None = None) -> Any:
    """``obj`` with its keys in the order encoding/json writes its Go type (maps sorted).

    With no type, the object's own apiVersion and kind pick it; an object of a
    kind not listed keeps sorted keys throughout, as unstructured ones do.
    """
    if t is None and isinstance(obj, dict):
        t = root_type(obj)
    return _order(obj, t)


def _order(v: Any, t: str | None) -> Any:
    if isinstance(v, list):
        inner = t[2:] if t and t.startswith("[]") else None
        return [_order(x, inner) for x in v]
    if not isinstance(v, dict):
        return v
    if t is None or t.startswith("[]"):
        return {k: _order(v[k], None) for k in sorted(v)}
    if t.startswith("map["):
        inner = t[4:-1]
        return {k: _order(v[k], inner) for k in sorted(v)}
    out: dict = {}
    for name, ftype in _fields(t):
        if name in v:
            out[name] = _order(v[name], ftype)
    for k in sorted(v):  # a field the Go type lacks would be dropped by kubectl; keep it, last
        if k not in out:
            out[k] = _order(v[k], None)
    return out
