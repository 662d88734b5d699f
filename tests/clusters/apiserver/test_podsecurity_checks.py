"""The Pod Security Standards' checks, one by one, in upstream's words
(k8s.io/pod-security-admission policy/check_*.go, v0.32), through the evaluator that
orders them by level and version (policy/registry.go)."""
from __future__ import annotations

from clusters.apiserver.podsecurity import levels
from clusters.apiserver.podsecurity.plugin import EVALUATOR

BASELINE = levels.LevelVersion(levels.BASELINE, levels.LATEST)
RESTRICTED = levels.LevelVersion(levels.RESTRICTED, levels.LATEST)
# A container restricted allows, so a test sees only the check it is about.
GOOD = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True,
        "seccompProfile": {"type": "RuntimeDefault"}}


def container(name: str = "app", **security) -> dict:
    return {"name": name, "image": "nginx", "securityContext": {**GOOD, **security}}


def detail(lv, spec: dict, meta: dict | None = None) -> str:
    return EVALUATOR.evaluate(lv, meta or {}, spec).forbidden_detail()


def test_a_pod_that_sets_what_restricted_asks_passes_both_levels():
    spec = {"containers": [container()]}
    assert EVALUATOR.evaluate(RESTRICTED, {}, spec).allowed
    assert EVALUATOR.evaluate(BASELINE, {}, {"containers": [{"name": "app", "image": "nginx"}]}).allowed


# -- baseline -----------------------------------------------------------------------------------

def test_app_armor_profile_check_appArmorProfile_go():
    spec = {"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
            "containers": [container(appArmorProfile={"type": "Unconfined"})]}
    meta = {"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}}
    assert detail(BASELINE, spec, meta) == (
        'forbidden AppArmor profiles (pod and container "app" and annotation must not set AppArmor profile type to '
        '"Unconfined", "container.apparmor.security.beta.kubernetes.io/app="unconfined"")')
    assert detail(BASELINE, {"containers": [container(appArmorProfile={"type": "Localhost"})]}) == ""


def test_non_default_capabilities_check_capabilities_baseline_go():
    spec = {"containers": [{"name": "a", "securityContext": {"capabilities": {"add": ["NET_ADMIN", "CHOWN", "SYS_TIME"]}}},
                           {"name": "b", "securityContext": {"capabilities": {"add": ["NET_RAW"]}}}]}
    assert detail(BASELINE, spec) == ('non-default capabilities (containers "a", "b" must not include "NET_ADMIN", '
                                      '"NET_RAW", "SYS_TIME" in securityContext.capabilities.add)')


def test_host_namespaces_check_hostNamespaces_go():
    spec = {"hostNetwork": True, "hostPID": True, "hostIPC": True, "containers": [container()]}
    assert detail(BASELINE, spec) == "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)"


def test_host_path_volumes_check_hostPathVolumes_go():
    spec = {"containers": [container()], "volumes": [{"name": "data", "hostPath": {"path": "/data"}},
                                                      {"name": "tmp", "emptyDir": {}}]}
    assert detail(BASELINE, spec) == 'hostPath volumes (volume "data")'


def test_host_ports_check_hostPorts_go():
    spec = {"containers": [container("web", ports=None) | {"ports": [{"containerPort": 80, "hostPort": 8080},
                                                                       {"containerPort": 443, "hostPort": 8443}]}]}
    assert detail(BASELINE, spec) == 'hostPort (container "web" uses hostPorts 8080, 8443)'


def test_privileged_check_privileged_go():
    spec = {"initContainers": [container("init", privileged=True)], "containers": [container("app", privileged=True)]}
    assert detail(BASELINE, spec) == 'privileged (containers "init", "app" must not set securityContext.privileged=true)'


def test_proc_mount_check_procMount_go():
    spec = {"containers": [container(procMount="Unmasked"), container("ok", procMount="Default")]}
    assert detail(BASELINE, spec) == 'procMount (container "app" must not set securityContext.procMount to "Unmasked")'


def test_selinux_options_check_seLinuxOptions_go():
    spec = {"securityContext": {"seLinuxOptions": {"type": "spc_t", "user": "root"}},
            "containers": [container(seLinuxOptions={"role": "sysadm_r"}),
                           container("engine", seLinuxOptions={"type": "container_engine_t"})]}
    assert detail(BASELINE, spec) == ('seLinuxOptions (pod and container "app" set forbidden '
                                      'securityContext.seLinuxOptions: type "spc_t"; user may not be set; '
                                      'role may not be set)')
    # container_engine_t is allowed from policy version 1.31 on.
    v1_30 = levels.LevelVersion(levels.BASELINE, levels.Version(30))
    assert detail(v1_30, {"containers": [container("engine", seLinuxOptions={"type": "container_engine_t"})]}) == (
        'seLinuxOptions (container "engine" set forbidden securityContext.seLinuxOptions: type "container_engine_t")')


def test_seccomp_profile_check_seccompProfile_baseline_go():
    spec = {"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [container()]}
    assert detail(BASELINE, spec) == 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")'
    # Before 1.19 the alpha annotations were read instead.
    v1_18 = levels.LevelVersion(levels.BASELINE, levels.Version(18))
    meta = {"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "unconfined"}}
    assert detail(v1_18, {"containers": [container()]}, meta) == (
        'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")')


def test_forbidden_sysctls_check_sysctls_go():
    spec = {"securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "1"},
                                            {"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"},
                                            {"name": "net.core.somaxconn", "value": "1024"}]},
            "containers": [container()]}
    assert detail(BASELINE, spec) == "forbidden sysctls (kernel.msgmax, net.core.somaxconn)"
    # net.ipv4.tcp_rmem joined the safe set in policy version 1.32.
    v1_31 = levels.LevelVersion(levels.BASELINE, levels.Version(31))
    assert detail(v1_31, spec) == "forbidden sysctls (kernel.msgmax, net.ipv4.tcp_rmem, net.core.somaxconn)"


def test_host_process_check_windowsHostProcess_go():
    spec = {"securityContext": {"windowsOptions": {"hostProcess": True}},
            "containers": [container(windowsOptions={"hostProcess": True})]}
    assert detail(BASELINE, spec) == ('hostProcess (pod and container "app" must not set '
                                      'securityContext.windowsOptions.hostProcess=true)')


# -- restricted ---------------------------------------------------------------------------------

def test_allow_privilege_escalation_check_allowPrivilegeEscalation_go():
    spec = {"containers": [container(allowPrivilegeEscalation=True), container("b", allowPrivilegeEscalation=None)]}
    assert detail(RESTRICTED, spec) == ('allowPrivilegeEscalation != false (containers "app", "b" must set '
                                        'securityContext.allowPrivilegeEscalation=false)')
    # Windows pods pass from 1.25 on.
    assert detail(RESTRICTED, {**spec, "os": {"name": "windows"}}) == ""


def test_unrestricted_capabilities_check_capabilities_restricted_go():
    spec = {"containers": [container(capabilities={"add": ["NET_BIND_SERVICE", "SYS_ADMIN"]}),
                           container("b", capabilities={"drop": ["ALL"], "add": ["CHOWN"]})]}
    assert detail(RESTRICTED, spec) == ('unrestricted capabilities (container "app" must set '
                                        'securityContext.capabilities.drop=["ALL"]; containers "app", "b" must not '
                                        'include "CHOWN", "SYS_ADMIN" in securityContext.capabilities.add)')


def test_restricted_volume_types_check_restrictedVolumes_go():
    spec = {"containers": [container()], "volumes": [{"name": "host", "hostPath": {"path": "/"}},
                                                      {"name": "share", "nfs": {"server": "nfs", "path": "/"}},
                                                      {"name": "cm", "configMap": {"name": "x"}}]}
    # restrictedVolumes overrides baseline's hostPathVolumes, so hostPath is named once.
    assert detail(RESTRICTED, spec) == ('restricted volume types (volumes "host", "share" use restricted volume types '
                                        '"hostPath", "nfs")')


def test_run_as_non_root_check_runAsNonRoot_go():
    assert detail(RESTRICTED, {"containers": [container(runAsNonRoot=None)]}) == (
        'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)')
    spec = {"securityContext": {"runAsNonRoot": False}, "containers": [container(runAsNonRoot=False)]}
    assert detail(RESTRICTED, spec) == ('runAsNonRoot != true (pod and container "app" must not set '
                                        'securityContext.runAsNonRoot=false)')
    pod_level = {"securityContext": {"runAsNonRoot": True}, "containers": [container(runAsNonRoot=None)]}
    assert detail(RESTRICTED, pod_level) == ""


def test_run_as_user_zero_check_runAsUser_go():
    spec = {"securityContext": {"runAsUser": 0}, "containers": [container(runAsUser=0), container("b", runAsUser=1000)]}
    assert detail(RESTRICTED, spec) == 'runAsUser=0 (pod and container "app" must not set runAsUser=0)'


def test_seccomp_profile_check_seccompProfile_restricted_go():
    assert detail(RESTRICTED, {"containers": [container(seccompProfile=None)]}) == (
        'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to '
        '"RuntimeDefault" or "Localhost")')
    spec = {"containers": [container(seccompProfile={"type": "Unconfined"})]}
    assert detail(RESTRICTED, spec) == (
        'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")')


# -- the registry ---------------------------------------------------------------------------------

def test_a_bare_pod_fails_restricted_in_check_id_order_registry_go():
    result = EVALUATOR.evaluate(RESTRICTED, {}, {"containers": [{"name": "nginx", "image": "nginx"}]})
    assert result.forbidden_reason() == ("allowPrivilegeEscalation != false, unrestricted capabilities, "
                                         "runAsNonRoot != true, seccompProfile")


def test_baseline_checks_come_before_restricted_ones_and_sort_by_id_registry_go():
    spec = {"hostNetwork": True, "containers": [{"name": "c", "image": "x", "securityContext": {
        "privileged": True, "capabilities": {"add": ["NET_ADMIN"]}}}],
        "volumes": [{"name": "v", "hostPath": {"path": "/"}}]}
    assert EVALUATOR.evaluate(BASELINE, {}, spec).forbidden_reason() == \
        "non-default capabilities, host namespaces, hostPath volumes, privileged"
    assert EVALUATOR.evaluate(RESTRICTED, {}, spec).forbidden_reason() == (
        "host namespaces, privileged, allowPrivilegeEscalation != false, unrestricted capabilities, "
        "restricted volume types, runAsNonRoot != true, seccompProfile")


def test_an_old_policy_version_runs_only_the_checks_it_had_registry_go():
    # At v1.21 restricted had no capabilities_restricted (1.22) or runAsUser (1.23) check, so
    # baseline's capabilities check is not overridden.
    v1_21 = levels.LevelVersion(levels.RESTRICTED, levels.Version(21))
    spec = {"containers": [container(capabilities={"add": ["NET_ADMIN"]}, runAsUser=0)]}
    assert EVALUATOR.evaluate(v1_21, {}, spec).forbidden_reason() == "non-default capabilities"
    # A version newer than the newest check is evaluated as the newest.
    v1_40 = levels.LevelVersion(levels.RESTRICTED, levels.Version(40))
    assert EVALUATOR.evaluate(v1_40, {}, spec).forbidden_reason() == "unrestricted capabilities, runAsUser=0"
