"""The catalogue of simulated images: which names exist, how big they are, what they do.

A reference "exists" when its repository is in the catalogue and its tag
matches that repository's rule (a registry-like rule: ``nginx:1.27`` and
``nginx:1.27.3-alpine`` exist, ``nginx:1.99`` does not). Anything else fails to
pull with containerd's wording (NotFound for an unknown tag, "pull access
denied" for an unknown repository, a DNS error for an unknown registry), which
gives the learner ErrImagePull then ImagePullBackOff.

Behaviour per image, given the container's command, args, env and limits:

=========================  ==================================================================
nginx (also httpd)         Serves HTTP on 80 ("/" and "/index.html" 200, other paths 404, files
                           under /usr/share/nginx/html too). Logs the docker-entrypoint and
                           "[notice]" start-up lines, one worker per node CPU, and an access-log
                           line per request. SIGTERM: exits 0 at once.
busybox, alpine, ubuntu,   The shell: honours ``sleep N``, ``exit N``, ``echo …``, ``sh -c`` with
debian, python, node       ``;``/``&&``/``||``, ``while true; do …; done``, ``for``; no command means
                           ``sh`` with no terminal, which exits 0 at once (so restartPolicy Always
                           gives CrashLoopBackOff). PID 1 ignores SIGTERM: deleting waits the
                           whole grace period, then exit 137.
redis (also the guestbook's Listens on 6379 and logs redis-server's start-up as the tag's release does
gb-redis-follower)         (redis.py: 6.0's or 7.x's); a replica (--replicaof, the follower's run.sh) syncs
                           with its master, both logging it; SIGTERM: saves and exits 0. The keys live in
                           the container (clusters/network/redis_client.py reads and writes them).
gb-frontend                The guestbook's PHP frontend on 80 (network/http.py): index.html, and
                           guestbook.php?cmd=set|get through redis-leader and redis-follower.
google-samples/cassandra   kubernetes.io's Cassandra StatefulSet (cassandra.py): /run.sh's settings, then
(v13: Cassandra 3.11.2)    Cassandra's start-up; the first pod seeds the ring, later ones bootstrap (UJ, then
                           UN); ``nodetool status`` prints the ring (nodetool.py), ``nodetool drain`` (the
                           preStop hook) leaves a node DN; /ready-probe.sh is ready on UN. SIGTERM: 143.
postgres, mysql            Exit 1 with the real error unless POSTGRES_PASSWORD /
                           MYSQL_ROOT_PASSWORD (or the ALLOW_EMPTY/RANDOM variants) are set;
                           then listen on 5432 / 3306 (mysqld answers mysql_server.py's
                           statements). ``mysql ...`` as the command runs the image's client
                           instead (mysql_client.py), as it is in ``kubectl exec``.
google-samples/xtrabackup  The replicated MySQL page's Percona XtraBackup image (xtrabackup.py): ncat,
                           xbstream and xtrabackup for its clone and sidecar scripts, which run as
                           written; ``ncat --listen`` serves backups on 3307.
memcached                  Listens on 11211.
kubelab/hello:v1|v2|v3     A small web app on 8080 ("/" answers "Hello from hello v1 …",
                           /healthz 200); the tag is the version labs roll out.
kubelab/crashloop          Logs start-up and a config error, exits EXIT_CODE (default 1) after
                           CRASH_AFTER seconds (default 3): CrashLoopBackOff.
kubelab/memhog             Allocates memory, 32 MiB/s, up to ``--mb N`` / MEMORY_MB (default 256);
                           past the container's memory limit it is OOMKilled (exit 137).
kubelab/slow-start         Listens on 8080 only after STARTUP_SECONDS (default 30): a startup or
                           readiness probe must wait for it.
kubelab/ready-when         Listens on 8080 at once; /ready answers 200 only while READY_FILE
                           (default /tmp/ready) exists or READY=true, else 503 ("kubectl exec
                           … -- touch /tmp/ready" makes it Ready). /healthz 200.
registry.k8s.io/hpa-example  The HPA walkthrough's php-apache: serves on 80, idles at 1m of CPU.
kubernetes-bootcamp        The "Learn Kubernetes Basics" tutorial's Node.js app
(gcr.io/google-samples:v1, (kubernetes/website content/en/docs/tutorials/kubernetes-basics/explore/):
docker.io/jocatalin:v1|v2) ``node server.js`` on 8080 answers "Hello Kubernetes bootcamp! | Running on:
                           POD | v=1" (v=2 for jocatalin's v2), logs "Kubernetes Bootcamp App Started
                           At: …" and one "Running On: … | Total Requests: N …" line per request;
                           /server.js is a stub that says the source is not reproduced. PID 1 ignores SIGTERM (the whole grace
                           period). There is no v10: the tutorial's rollback step pulls it and fails.
kubelab/cpu-burner         Listens on 8080 and burns CPU_MILLICORES (default 200) of CPU, capped
                           by its limit; ``Kubelet.set_cpu_load`` changes it (HPA labs).
perl                       ``perl -Mbignum=bpi -wle 'print bpi(N)'`` prints pi to N digits (perl.py) and exits 0.
kubernetes-zookeeper       start-zookeeper (zookeeper.py) writes zoo.cfg, myid and log4j.properties and execs the
(registry.k8s.io, 1.0-3.4.10)  JVM on 2181 and 3888; zkCli.sh and zookeeper-ready (zookeeper_cli.py) reach the
                           ensemble (network/zookeeper_client.py); procps' ps -ef and pkill; SIGTERM: exit 143.
registry.k8s.io/...        The control-plane and add-on images (pause, etcd, kube-*, coredns,
                           metrics-server, agnhost) and kind's local-path provisioner:
                           long-running, preloaded on every node.
=========================  ==================================================================
"""
from __future__ import annotations

import datetime
import re

from clusters.kubelet import mysql_client, mysql_server, perl, python, redis, shell
from clusters.kubelet import processes, utilities, zookeeper
from clusters.kubelet import xtrabackup

MiB = 1024 * 1024

# A tag rule per repository: a regular expression the tag must match in full.
_NGINX_TAGS = r"latest|stable|mainline|alpine|perl|bookworm|(1\.(1[4-9]|2[0-9])(\.\d{1,2})?)(-(alpine|perl|bookworm|alpine-slim))?|stable-alpine|mainline-alpine"
_BUSYBOX_TAGS = r"latest|stable|musl|glibc|uclibc|1\.(2[89]|3[0-7])(\.\d)?(-(musl|glibc|uclibc))?"
_REDIS_TAGS = r"latest|alpine|bookworm|[5-7](\.\d(\.\d{1,2})?)?(-(alpine|bookworm))?"
_GENERIC_TAGS = r"latest|alpine|slim|bookworm|bullseye|jammy|noble|focal|lts|\d{1,2}(\.\d{1,2}){0,2}(-[a-z0-9.]+)*"
_KUBELAB_TAGS = r"latest|v[1-9](\.\d+){0,2}"


class Image:
    """One catalogue entry (see the module docstring for behaviours)."""

    def __init__(self, kind: str, repos: tuple, tags: str, size: int, ports: tuple = (), env: tuple = (),
                 cmd: tuple = (), preloaded: bool = False, cpu_m: int = 1, mem: int = 4 * MiB, tools: tuple = (),
                 digests: dict | None = None):
        self.kind = kind
        self.repos = repos
        self.tags = re.compile(f"(?:{tags})$")
        self.size = size
        self.ports = ports
        self.env = env
        self.cmd = cmd
        self.preloaded = preloaded
        self.cpu_m = cpu_m
        self.mem = mem
        self.tools = tools  # network tools on its PATH (shell.NET_TOOLS): busybox has wget and nslookup, no curl
        self.digests = digests or {}  # tag -> a registry's real digest, where one was read; else digest_of makes one up


# docker-nginx's Debian Dockerfile installs curl (and gettext-base) beside nginx; no wget.
_NGINX_TOOLS = ("curl",)
_BUSYBOX_TOOLS = ("wget", "nslookup", "ping")  # busybox applets; curl is not one (sh: curl: not found)
_SHELL_ENV = (("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),)
CATALOGUE: list[Image] = [
    Image("nginx", ("docker.io/library/nginx",), _NGINX_TAGS, 72_195_292, (80,),
          _SHELL_ENV + (("NGINX_VERSION", "1.27.3"), ("NJS_VERSION", "0.8.7"), ("PKG_RELEASE", "1~bookworm")),
          ("nginx", "-g", "daemon off;"), cpu_m=1, mem=3 * MiB, tools=_NGINX_TOOLS),
    Image("httpd", ("docker.io/library/httpd",), _GENERIC_TAGS, 58_346_271, (80,), _SHELL_ENV, ("httpd-foreground",), mem=6 * MiB),
    Image("shell", ("docker.io/library/busybox",), _BUSYBOX_TAGS, 2_155_458, (),
          (("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),), ("sh",), cpu_m=0, mem=256 * 1024,
          tools=_BUSYBOX_TOOLS),
    Image("shell", ("docker.io/library/alpine",), _GENERIC_TAGS, 3_653_068, (), _SHELL_ENV, ("/bin/sh",), cpu_m=0, mem=512 * 1024,
          tools=_BUSYBOX_TOOLS),
    # curl's own image (alpine-based, CMD curl): curl, and busybox's wget and nslookup.
    Image("shell", ("docker.io/curlimages/curl",), r"latest|8\.\d{1,2}\.\d{1,2}", 11_500_000, (), _SHELL_ENV, ("curl",), cpu_m=0,
          mem=1 * MiB, tools=("curl",) + _BUSYBOX_TOOLS),
    Image("shell", ("docker.io/library/ubuntu",), _GENERIC_TAGS, 29_754_290, (), _SHELL_ENV, ("/bin/bash",), cpu_m=0, mem=1 * MiB),
    Image("shell", ("docker.io/library/debian",), _GENERIC_TAGS, 48_480_466, (), _SHELL_ENV, ("bash",), cpu_m=0, mem=1 * MiB),
    Image("shell", ("docker.io/library/python",), _GENERIC_TAGS, 389_217_624, (), _SHELL_ENV, ("python3",), cpu_m=0, mem=8 * MiB),
    Image("shell", ("docker.io/library/node",), _GENERIC_TAGS, 391_482_167, (), _SHELL_ENV, ("node",), cpu_m=0, mem=8 * MiB),
    Image("redis", ("docker.io/library/redis",), _REDIS_TAGS, 45_113_982, (6379,), _SHELL_ENV + (("REDIS_VERSION", "7.4.1"),),
          ("redis-server",), cpu_m=2, mem=3 * MiB, tools=("redis-cli",)),
    Image("postgres", ("docker.io/library/postgres",), _GENERIC_TAGS, 158_446_271, (5432,), _SHELL_ENV, ("postgres",), cpu_m=3, mem=40 * MiB),
    Image("mysql", ("docker.io/library/mysql",), _GENERIC_TAGS, 170_718_335, (3306,), _SHELL_ENV, ("mysqld",), cpu_m=5, mem=360 * MiB,
          tools=("mysql", "mysqladmin")),
    Image("memcached", ("docker.io/library/memcached",), _GENERIC_TAGS, 31_026_121, (11211,), _SHELL_ENV, ("memcached",), mem=2 * MiB),
    Image("hello", ("docker.io/kubelab/hello",), _KUBELAB_TAGS, 6_512_384, (8080,), _SHELL_ENV, ("/hello",), mem=5 * MiB),
    Image("crashloop", ("docker.io/kubelab/crashloop",), _KUBELAB_TAGS, 5_932_101, (8080,), _SHELL_ENV, ("/crashloop",)),
    Image("memhog", ("docker.io/kubelab/memhog",), _KUBELAB_TAGS, 5_401_930, (), _SHELL_ENV, ("/memhog",)),
    Image("slow-start", ("docker.io/kubelab/slow-start",), _KUBELAB_TAGS, 6_016_472, (8080,), _SHELL_ENV, ("/slow-start",)),
    Image("ready-when", ("docker.io/kubelab/ready-when",), _KUBELAB_TAGS, 5_987_230, (8080,), _SHELL_ENV, ("/ready-when",)),
    Image("cpu-burner", ("docker.io/kubelab/cpu-burner",), _KUBELAB_TAGS, 5_712_603, (8080,), _SHELL_ENV, ("/cpu-burner",)),
    Image("system", ("registry.k8s.io/pause",), r"3\.\d+", 320_368, (), (), ("/pause",), preloaded=True, cpu_m=0, mem=256 * 1024),
    Image("system", ("registry.k8s.io/etcd",), r"3\.5\.\d+-0", 57_680_541, (2379, 2380), (), ("etcd",), preloaded=True, cpu_m=20, mem=40 * MiB),
    Image("system", ("registry.k8s.io/kube-apiserver", "registry.k8s.io/kube-controller-manager",
                     "registry.k8s.io/kube-scheduler", "registry.k8s.io/kube-proxy"),
          r"v1\.\d+\.\d+", 29_000_000, (), (), (), preloaded=True, cpu_m=10, mem=30 * MiB),
    Image("coredns", ("registry.k8s.io/coredns/coredns",), r"v1\.\d+\.\d+", 18_562_039, (53, 8080, 8181, 9153), (),
          ("/coredns",), preloaded=True, cpu_m=2, mem=12 * MiB),
    Image("system", ("registry.k8s.io/metrics-server/metrics-server",), r"v0\.\d+\.\d+", 19_444_384, (10250,), (),
          ("/metrics-server",), preloaded=True, cpu_m=3, mem=18 * MiB),
    # kind's CNI (kind v0.26.0 pkg/build/nodeimage/const_cni.go kindnetdImage), preloaded; size [approximate].
    Image("system", ("docker.io/kindest/kindnetd",), r"v\d{8}-[0-9a-f]{8}", 39_008_320, (), (),
          ("/bin/kindnetd",), preloaded=True, cpu_m=1, mem=10 * MiB),
    # kind's storage add-on (kind v0.26.0 pkg/build/nodeimage/const_storage.go defaultStorageImages), preloaded
    # on kind's node image; sizes as crictl lists them [approximate].
    Image("system", ("docker.io/kindest/local-path-provisioner",), r"v\d{8}-[0-9a-f]{8}", 22_541_737, (), (),
          ("local-path-provisioner",), preloaded=True, cpu_m=1, mem=8 * MiB),
    Image("shell", ("docker.io/kindest/local-path-helper",), r"v\d{8}-[0-9a-f]{8}", 3_084_671, (), _SHELL_ENV, ("sh",),
          preloaded=True, cpu_m=0, mem=256 * 1024, tools=_BUSYBOX_TOOLS),
    # The HPA walkthrough's php-apache image: serves on 80, idles at 1m until load is applied (set_cpu_load).
    Image("php-apache", ("registry.k8s.io/hpa-example",), r"latest", 481_314_206, (80,), _SHELL_ENV, ("apache2-foreground",), cpu_m=1, mem=9 * MiB),
    # kubernetes.io's StatefulSet Basics web.yaml: nginx on 80, with curl (the tutorial runs curl in it); size [approximate].
    Image("nginx", ("registry.k8s.io/nginx-slim",), r"0\.\d{1,2}", 51_326_000, (80,), _SHELL_ENV, ("nginx", "-g", "daemon off;"),
          cpu_m=1, mem=3 * MiB, tools=("curl",)),
    # agnhost (kubernetes test/images/agnhost): ENTRYPOINT /agnhost, CMD pause; subcommands in _agnhost.
    Image("agnhost", ("registry.k8s.io/e2e-test-images/agnhost",), r"2\.\d+", 51_080_218, (8080,), _SHELL_ENV,
          ("/agnhost", "pause")),
    # The resource tasks' load generators (assign-memory-resource.md, assign-cpu-resource.md): stress 1.0.4
    # on Alpine, and vish/stress (a Go program: -cpus N burns N CPUs); sizes [approximate].
    Image("stress", ("docker.io/polinux/stress",), r"latest|1\.0\.4", 9_744_175, (), _SHELL_ENV, ("stress",), cpu_m=0),
    Image("vish-stress", ("docker.io/vish/stress",), r"latest", 2_715_011, (), (), ("/stress",), cpu_m=0),
    # The probes task's TCP example (elazarl/goproxy's basic proxy on :8080); size [approximate].
    Image("goproxy", ("registry.k8s.io/goproxy",), r"0\.1", 5_349_888, (8080,), (), ("/goproxy",)),
    Image("shell", ("registry.k8s.io/busybox",), r"latest|1\.\d+(\.\d+)?", 1_144_547, (), _SHELL_ENV, ("sh",), cpu_m=0,
          tools=_BUSYBOX_TOOLS),
]
# The "Learn Kubernetes Basics" tutorial's app: node:6.3.1 (Debian jessie: curl and wget, no nslookup) running
# server.js. v1's digest and size are the registry's, as kubectl describe and the kubelet's Pulled event show
# them; jocatalin's repository (v1, v2) is given a size next to it and v2 a made-up digest (digest_of) [approximate].
_BOOTCAMP_ENV = _SHELL_ENV + (("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "6.3.1"))
_BOOTCAMP_V1 = "sha256:0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af"
CATALOGUE += [
    Image("bootcamp", ("gcr.io/google-samples/kubernetes-bootcamp",), r"v1", 83_642_968, (8080,), _BOOTCAMP_ENV,
          ("/bin/sh", "-c", "node server.js"), cpu_m=1, mem=9 * MiB, tools=("curl", "wget"), digests={"v1": _BOOTCAMP_V1}),
    Image("bootcamp", ("docker.io/jocatalin/kubernetes-bootcamp",), r"v1|v2", 83_643_207, (8080,), _BOOTCAMP_ENV,
          ("/bin/sh", "-c", "node server.js"), cpu_m=1, mem=9 * MiB, tools=("curl", "wget"), digests={"v1": _BOOTCAMP_V1}),
]
# A private registry: a registry:2 behind htpasswd basic auth, at the host kubernetes.io's "Pull an Image
# from a Private Registry" names. It answers only requests with credentials for its host (pull_secrets.py;
# any account: the learner's own cannot be known here); it holds the page's example image, an nginx.
PRIVATE_REGISTRIES = ("your.private.registry.example.com",)
CATALOGUE += [
    Image("nginx", ("your.private.registry.example.com/janedoe/jdoe-private",), _KUBELAB_TAGS, 72_195_292, (80,),
          _SHELL_ENV + (("NGINX_VERSION", "1.27.3"), ("NJS_VERSION", "0.8.7"), ("PKG_RELEASE", "1~bookworm")),
          ("nginx", "-g", "daemon off;"), cpu_m=1, mem=3 * MiB, tools=_NGINX_TOOLS),
]
# docker-library's bash: Alpine (busybox ash as /bin/sh) with bash installed; CMD bash. Size [approximate].
CATALOGUE += [
    Image("shell", ("docker.io/library/bash",), _GENERIC_TAGS + r"|devel|5\.\d(\.\d{1,2})?-alpine\d\.\d+", 6_398_213, (),
          _SHELL_ENV, ("bash",), cpu_m=0, mem=1 * MiB, tools=_BUSYBOX_TOOLS),
]
# The replicated MySQL page's Percona XtraBackup image (Debian jessie): xtrabackup, xbstream, ncat and the
# mysql client (xtrabackup.py); size [approximate].
CATALOGUE += [
    Image("xtrabackup", ("gcr.io/google-samples/xtrabackup",), r"1\.0", 111_234_816, (xtrabackup.PORT,), _SHELL_ENV,
          ("bash",), cpu_m=0, mem=2 * MiB, tools=xtrabackup.TOOLS + ("mysql",)),
]
# Which shells an image has, and which shell each is (utilities.py): Debian's dash as /bin/sh, with
# bash, in the images built on Debian (and bash alone as Oracle Linux's /bin/sh in mysql's); busybox's
# ash in busybox, Alpine and the rest.
_DEBIAN = {"sh": "dash", "dash": "dash", "bash": "bash"}
_BUSYBOX = {"sh": "ash", "ash": "ash"}
_SHELLS_BY_REPO = {
    **{repo: _DEBIAN for repo in (
        "docker.io/library/nginx", "docker.io/library/httpd", "docker.io/library/debian", "docker.io/library/ubuntu",
        "docker.io/library/python", "docker.io/library/node", "docker.io/library/redis", "docker.io/library/postgres",
        "docker.io/library/memcached", "registry.k8s.io/nginx-slim", "registry.k8s.io/hpa-example",
        "gcr.io/google-samples/kubernetes-bootcamp", "docker.io/jocatalin/kubernetes-bootcamp",
        "registry.k8s.io/e2e-test-images/jessie-dnsutils", "gcr.io/google-samples/hello-frontend",
        "gcr.io/google-samples/xtrabackup")},
    "docker.io/library/mysql": {"sh": "bash", "bash": "bash"},
    "docker.io/library/bash": {"sh": "ash", "ash": "ash", "bash": "bash"},
    # The pause image is /pause alone: no shell (Debug Running Pods' "executable file not found").
    "registry.k8s.io/pause": {},
}


def shells_of(img: "Image | None") -> dict:
    if img is None:
        return _BUSYBOX
    return next((_SHELLS_BY_REPO[r] for r in img.repos if r in _SHELLS_BY_REPO), _BUSYBOX)


_SHELLS_BY_REPO["your.private.registry.example.com/janedoe/jdoe-private"] = _DEBIAN  # an nginx: Debian


# kubernetes.io's DaemonSet update and rollback tasks (tasks/manage-daemon/update-daemon-set.md,
# controllers/fluentd-daemonset*.yaml): the fluentd-elasticsearch log shipper, a long-running agent
# with no port; its tags are v2.x.y to v4.x.y; size [approximate].
CATALOGUE += [
    Image("system", ("quay.io/fluentd_elasticsearch/fluentd",), r"v[2-4]\.\d{1,2}\.\d{1,2}", 141_568_420, (), _SHELL_ENV,
          ("/run.sh",), cpu_m=2, mem=60 * MiB),
]
# The images of kubernetes.io's Services pages; sizes [approximate] unless said.
# - Debug Services (tasks/debug/debug-application/debug-service.md): serve_hostname answers its hostname on 9376
#   (the image agnhost's serve-hostname replaced); its "interactive busybox" is gcr.io/google-containers/busybox,
#   the same old busybox (1.24) as registry.k8s.io/busybox:latest.
# - Debugging DNS Resolution (tasks/administer-cluster/dns-debugging-resolution.md): jessie-dnsutils (Debian
#   jessie with BIND's nslookup and dig), run as `sleep infinity`.
# - Use a Service to Access an Application (service-access-application-cluster.md): GKE's hello-app on 8080
#   (GoogleCloudPlatform/kubernetes-engine-samples quickstarts/hello-app/main.go).
# - Connect a Frontend to a Backend (connecting-frontend-backend.md): hello-go-gke, the greeter on 80, and
#   hello-frontend, nginx with its upstream baked in: the Service named "hello".
# - Using Source IP (tutorials/services/source-ip.md): echoserver (kubernetes test/images/echoserver), nginx
#   with a Lua handler that echoes the request back on 8080 (and TLS on 8443).
CATALOGUE += [
    Image("echoserver", ("registry.k8s.io/echoserver", "k8s.gcr.io/echoserver", "gcr.io/google_containers/echoserver"),
          r"1\.([4-9]|10)", 46_187_400, (8080, 8443), _SHELL_ENV, ("nginx", "-g", "daemon off;"), mem=3 * MiB),
    Image("serve-hostname", ("registry.k8s.io/serve_hostname", "k8s.gcr.io/serve_hostname"), r"latest|1\.[1-4]|v1\.4",
          2_862_340, (9376,), (), ("/serve_hostname",), mem=2 * MiB),
    Image("shell", ("gcr.io/google-containers/busybox", "k8s.gcr.io/busybox"), r"latest|1\.24", 1_144_547, (), _SHELL_ENV,
          ("sh",), cpu_m=0, tools=_BUSYBOX_TOOLS),
    Image("shell", ("registry.k8s.io/e2e-test-images/jessie-dnsutils",), r"1\.[3-7]", 112_960_512, (), _SHELL_ENV,
          ("bash",), cpu_m=0, mem=1 * MiB, tools=("nslookup",)),
    Image("hello-app", ("us-docker.pkg.dev/google-samples/containers/gke/hello-app", "gcr.io/google-samples/hello-app"),
          r"1\.0|2\.0", 10_168_112, (8080,), _SHELL_ENV, ("/hello-app",), mem=3 * MiB),
    Image("hello-go-gke", ("gcr.io/google-samples/hello-go-gke",), r"1\.0", 4_411_268, (80,), (), ("/hello",), mem=2 * MiB),
    Image("hello-frontend", ("gcr.io/google-samples/hello-frontend",), r"1\.0", 70_841_229, (80,), _SHELL_ENV,
          ("nginx", "-g", "daemon off;"), cpu_m=1, mem=3 * MiB),
]
# The Job example's perl (kubernetes.io concepts/workloads/controllers/job.md: perl:5.34.0); Debian-based,
# CMD perl -de0; size [approximate].
CATALOGUE += [
    Image("perl", ("docker.io/library/perl",), _GENERIC_TAGS, 335_164_928, (), _SHELL_ENV, ("perl", "-de0"), cpu_m=0,
          mem=6 * MiB),
]
# The databases and the site of kubernetes.io's stateful pages: Use Port Forwarding
# (port-forward-access-application-cluster.md: mongo:4.2 with --bind_ip 0.0.0.0; Ubuntu-based) and the
# WordPress tutorial (mysql-wordpress-persistent-volume.md: wordpress:6.2.1-apache, Debian-based).
# Sizes [approximate].
CATALOGUE += [
    Image("mongo", ("docker.io/library/mongo",), _GENERIC_TAGS, 146_512_334, (27017,), _SHELL_ENV, ("mongod",), cpu_m=4,
          mem=70 * MiB),
    Image("wordpress", ("docker.io/library/wordpress",), _GENERIC_TAGS + r"|(\d\.\d(\.\d)?-)?php\d\.\d(-[a-z]+)*",
          223_604_388, (80,), _SHELL_ENV, ("apache2-foreground",), cpu_m=1, mem=25 * MiB),
]
_SHELLS_BY_REPO.update({"docker.io/library/mongo": _DEBIAN, "docker.io/library/wordpress": _DEBIAN})
# The PHP guestbook of kubernetes.io's tutorials/stateless-application/guestbook.md, as
# GoogleCloudPlatform/kubernetes-engine-samples guestbook/ built them in 2020: gb-redis-follower:v2 (redis:6.0.5,
# Debian, run.sh starting a replica of redis-leader) and gb-frontend:v5 (php:7.4.7-apache with Predis, serving
# index.html, controllers.js and guestbook.php). Sizes [approximate].
_GB = "us-docker.pkg.dev/google-samples/containers/gke/"
CATALOGUE += [
    Image("redis", (_GB + "gb-redis-follower", "gcr.io/google_samples/gb-redis-follower"), r"v[12]", 38_412_290, (6379,),
          _SHELL_ENV + (("REDIS_VERSION", "6.0.5"),), ("/bin/sh", "-c", "/run.sh"), cpu_m=2, mem=3 * MiB,
          tools=("redis-cli",)),
    Image("gb-frontend", (_GB + "gb-frontend", "gcr.io/google-samples/gb-frontend"), r"v[4-6]", 163_206_913, (80,),
          _SHELL_ENV + (("PHP_VERSION", "7.4.7"),), ("apache2-foreground",), cpu_m=1, mem=12 * MiB),
]
_SHELLS_BY_REPO.update({repo: _DEBIAN for img in CATALOGUE[-2:] for repo in img.repos})
# kubernetes.io's Cassandra tutorial (tutorials/stateful-application/cassandra.md): kubernetes/examples'
# cassandra image v13 (debian-base, OpenJDK 8, Cassandra 3.11.2, dumb-init running /run.sh; cassandra.py),
# with nodetool, cqlsh (which finds no Python: the image removed it) and wget on the PATH. Size and tags
# [approximate].
_CASSANDRA_HOME = "/usr/local/apache-cassandra-3.11.2"
CATALOGUE += [
    Image("cassandra", ("gcr.io/google-samples/cassandra", "gcr.io/google_samples/cassandra"), r"v1[1-4]", 121_374_316,
          (7000, 7001, 7199, 9042, 9160),
          (("PATH", _SHELL_ENV[0][1] + f":/usr/lib/jvm/java-8-openjdk-amd64/bin:{_CASSANDRA_HOME}/bin"),
           ("CASSANDRA_HOME", _CASSANDRA_HOME), ("CASSANDRA_CONF", "/etc/cassandra"), ("CASSANDRA_DATA", "/cassandra_data"),
           ("CASSANDRA_LOGS", "/var/log/cassandra"), ("JAVA_HOME", "/usr/lib/jvm/java-8-openjdk-amd64")),
          ("/usr/bin/dumb-init", "/bin/bash", "/run.sh"), cpu_m=30, mem=600 * MiB, tools=("nodetool", "cqlsh", "wget")),
]
_SHELLS_BY_REPO.update({repo: _DEBIAN for repo in CATALOGUE[-1].repos})
# The image's readiness script, in our words: ready once this node's line of nodetool status reads UN
# (the image's ready-probe.sh checks the same; DEBUG=1 makes it say which).
CASSANDRA_FILES = {"/ready-probe.sh": (
    "#!/bin/bash\n"
    "if [[ $(nodetool status | grep $POD_IP) == *\"UN\"* ]]; then\n"
    "  if [[ $DEBUG ]]; then echo \"UN\"; fi\n"
    "  exit 0\n"
    "else\n"
    "  if [[ $DEBUG ]]; then echo \"Not Up\"; fi\n"
    "  exit 1\n"
    "fi\n")}
# Exposing an External IP Address (tutorials/stateless-application/expose-external-ip-address.md) before it
# moved to hello-app:2.0: node-hello, a Node.js server.js on node:4 answering "Hello Kubernetes!" on 8080.
# Node as PID 1 has no SIGTERM handler, so deletion waits out the grace period. Size [approximate].
CATALOGUE += [
    Image("node-hello", ("gcr.io/google-samples/node-hello",), r"1\.0", 255_914_312, (8080,), _SHELL_ENV,
          ("node", "server.js"), cpu_m=1, mem=9 * MiB),
]
_SHELLS_BY_REPO["gcr.io/google-samples/node-hello"] = _DEBIAN
# The seccomp tutorial's hashicorp/http-echo (tutorials/security/seccomp.md: 1.0): one static Go binary
# in an empty image, /http-echo, answering -text on -listen (:5678; network/http.py). Size [approximate].
CATALOGUE += [
    Image("http-echo", ("docker.io/hashicorp/http-echo",), r"latest|1\.0(\.0)?|0\.2\.3", 3_263_528, (5678,),
          _SHELL_ENV, ("/http-echo",), mem=2 * MiB),
]
# http-echo is built FROM scratch: /http-echo alone, no shell and no coreutils to exec.
_SHELLS_BY_REPO["docker.io/hashicorp/http-echo"] = {}
# kubernetes.io's ZooKeeper tutorial (tutorials/stateful-application/zookeeper.md): kow3ns/kubernetes-zookeeper's
# image (Ubuntu 16.04, OpenJDK 8, ZooKeeper 3.4.10; zookeeper.py), its scripts and procps on the PATH. Size
# [approximate].
CATALOGUE += [
    Image("zookeeper", ("registry.k8s.io/kubernetes-zookeeper", "k8s.gcr.io/kubernetes-zookeeper",
                        "gcr.io/google_containers/kubernetes-zookeeper"), r"1\.0-3\.4\.10", 135_740_381, (2181, 2888, 3888),
          _SHELL_ENV + (("ZK_USER", "zookeeper"), ("ZK_DATA_DIR", "/var/lib/zookeeper/data"),
                        ("ZK_DATA_LOG_DIR", "/var/lib/zookeeper/log"), ("ZK_LOG_DIR", "/var/log/zookeeper"),
                        ("JAVA_HOME", "/usr/lib/jvm/java-8-openjdk-amd64")),
          ("/bin/bash",), cpu_m=3, mem=95 * MiB, tools=zookeeper.SCRIPTS + ("ps", "pkill")),
]
_SHELLS_BY_REPO.update({repo: _DEBIAN for repo in CATALOGUE[-1].repos})
# The programs an image's builder runs when a shell's -c script execs them (sh -c "start-zookeeper ...").
_SERVED = {"zookeeper": ("start-zookeeper",)}
_BY_REPO = {repo: img for img in CATALOGUE for repo in img.repos}
_REFERENCE = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$")


class Ref:
    """A parsed image reference, normalised as containerd reports it."""

    __slots__ = ("given", "registry", "repo", "tag", "digest")

    def __init__(self, given: str, registry: str, repo: str, tag: str, digest: str):
        self.given = given
        self.registry = registry
        self.repo = repo  # registry/path
        self.tag = tag
        self.digest = digest

    @property
    def full(self) -> str:
        return f"{self.repo}@{self.digest}" if self.digest and not self.tag else f"{self.repo}:{self.tag}"


def parse(ref: str) -> Ref | str:
    """A Ref, or the InvalidImageName message (images/image_manager.go applyDefaultImageTag)."""
    if not ref or ref != ref.strip() or not _REFERENCE.match(ref):
        why = "invalid reference format"
        if ref and ref.lower() != ref and _REFERENCE.match(ref.lower()):
            why = f"invalid reference format: repository name (library/{ref}) must be lowercase"
        return f'Failed to apply default image tag "{ref}": couldn\'t parse image reference "{ref}": {why}'
    name, digest = (ref.split("@", 1) + [""])[:2]
    tail = name.rsplit("/", 1)[-1]
    tag = ""
    if ":" in tail:
        name, tag = name.rsplit(":", 1)
    if not tag and not digest:
        tag = "latest"
    first = name.split("/", 1)[0]
    if first in ("docker.io", "index.docker.io") and "/" in name:
        # distribution/reference ParseNormalizedNamed: docker.io/redis is docker.io/library/redis
        path = name.split("/", 1)[1]
        registry = "docker.io"
        repo = "docker.io/" + (path if "/" in path else "library/" + path)
    elif "/" in name and ("." in first or ":" in first or first == "localhost"):
        registry = first
        repo = name
    else:
        registry = "docker.io"
        repo = "docker.io/" + (name if "/" in name else "library/" + name)
    return Ref(ref, registry, repo, tag, digest)


def lookup(ref: Ref) -> Image | None:
    img = _BY_REPO.get(ref.repo)
    if img is None:
        return None
    if ref.tag and not img.tags.match(ref.tag):
        return None
    return img


def needs_credentials(ref: Ref) -> bool:
    return ref.registry in PRIVATE_REGISTRIES


def unauthorized_error(ref: Ref) -> str:
    """containerd 1.7 pulling from a basic-auth registry with no credentials for it: the resolver's HEAD
    comes back 401 and no auth scheme applies (remotes/docker/resolver.go, errors.go ErrUnexpectedStatus)."""
    full, path = ref.full, ref.repo[len(ref.registry) + 1:]
    return (f'rpc error: code = Unknown desc = failed to pull and unpack image "{full}": failed to resolve reference '
            f'"{full}": unexpected status from HEAD request to https://{ref.registry}/v2/{path}/manifests/'
            f"{ref.tag or ref.digest}: 401 Unauthorized")


def pull_error(ref: Ref) -> str:
    """The CRI error for a reference that does not exist, in containerd 1.7's words."""
    full = ref.full
    if ref.registry != "docker.io" and ref.registry not in PRIVATE_REGISTRIES and not ref.registry.endswith(("registry.k8s.io", "gcr.io", "ghcr.io", "quay.io", "pkg.dev")):
        host = ref.registry
        path = ref.repo[len(host) + 1:]
        return (f'rpc error: code = Unknown desc = failed to pull and unpack image "{full}": failed to resolve reference '
                f'"{full}": failed to do request: Head "https://{host}/v2/{path}/manifests/{ref.tag or ref.digest}": '
                f"dial tcp: lookup {host.split(':')[0]} on 172.18.0.1:53: no such host")
    if ref.repo in _BY_REPO or ref.registry in PRIVATE_REGISTRIES:
        return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{full}": failed to resolve reference '
                f'"{full}": {full}: not found')
    return (f'rpc error: code = Unknown desc = failed to pull and unpack image "{full}": failed to resolve reference '
            f'"{full}": pull access denied, repository does not exist or may require authorization: server message: '
            f"insufficient_scope: authorization failed")


def digest_of(ref: Ref) -> str:
    """A stable fake sha256 for an image, derived from its name (no hashing of randomness)."""
    import hashlib

    img = lookup(ref)
    known = img.digests.get(ref.tag) if img is not None and ref.tag else None
    return known or "sha256:" + hashlib.sha256(ref.full.encode()).hexdigest()


def preloaded_images() -> list[Ref]:
    """What a kind node image carries before any pod runs (the control-plane and add-on images)."""
    names = ["registry.k8s.io/pause:3.10", "registry.k8s.io/etcd:3.5.16-0", "registry.k8s.io/kube-apiserver:v1.32.0",
             "registry.k8s.io/kube-controller-manager:v1.32.0", "registry.k8s.io/kube-scheduler:v1.32.0",
             "registry.k8s.io/kube-proxy:v1.32.0", "registry.k8s.io/coredns/coredns:v1.11.3",
             "registry.k8s.io/metrics-server/metrics-server:v0.7.2", "docker.io/kindest/kindnetd:v20241212-9f82dd49",
             "docker.io/kindest/local-path-provisioner:v20241212-8ac705d0",
             "docker.io/kindest/local-path-helper:v20241212-8ac705d0"]
    return [parse(n) for n in names]


# -- behaviour ------------------------------------------------------------------------

class Program:
    """What a started container does, as data (offsets in seconds from its start).

    Defaults are class attributes, so a program keeps in its own dict only what its image
    set: a 30,000-pod cluster holds one per container. The lists and dicts that builders
    fill in place are made per program."""

    loop: tuple | None = None
    loop_src: tuple | None = None  # how to read a loop's body again (shell.reread_loop)
    loop_live = False  # the kubelet runs each pass of the loop at its time (shell.Timeline.live)
    # A script waiting on the network (shell.Replay): the kubelet runs it again (resume) at resume_at.
    replay = None
    rerun: tuple | None = None
    resume_at: float | None = None
    follow: tuple | None = None  # tail -f of a file: (path, +N or None, last N) (shell.Env.follow)
    live_period = 0.0
    exit_at: float | None = None
    exit_code = 0
    exit_reason: str | None = None  # "OOMKilled" overrides Completed/Error
    kind = "shell"
    version = ""
    sigterm: float | None = 0.0  # seconds to exit after SIGTERM; None ignores it
    # The exit code SIGTERM ends it with: 0 for a handler that exits cleanly; 2 for a Go program
    # without one, whose runtime re-raises the signal, which PID 1 ignores, then exit(2)s
    # (runtime/signal_unix.go dieFromSignal).
    sigterm_exit = 0
    cpu_m = 0.0
    mem = 0
    mem_rate = 0.0  # bytes per second while allocating
    mem_target = 0
    ready_file: str | None = None
    ready_env = False
    hostname = ""  # what a server that names itself answers with (os.hostname(), $HOSTNAME)
    requests = 0  # requests served by this run (the bootcamp app counts them in its log)
    mode = ""  # what a many-purpose image was told to be (agnhost's subcommand)
    steady_after = 0.0  # its HTTP answers may change by themselves until this offset (probes.can_change)
    own_usage = False  # its CPU and memory are its own doing (a load generator), not the image's idle use
    stdin_shell: str | None = None  # a shell waiting on the stdin kept open for it (kubectl run -ti)
    keyspace: dict | None = None  # a redis server's keys and values (redis.py): set, never updated in place
    replicaof: tuple | None = None  # a redis replica's master (host, port)
    replid = ""  # a redis master's replication ID, made when its first replica syncs
    forks = 0  # child processes a server forked so far (redis's BGSAVE children)
    pid1 = ""  # PID 1's command line once the command exec'd its server (zookeeper's JVM), for ps
    workers: tuple = ()  # a server's worker processes' PIDs (nginx's)

    def __init__(self):
        self.lines: list[tuple[float, str]] = []
        self.file_ops: list = []
        self.ports: dict[int, float] = {}  # port -> listening from offset
        self.shutdown: list[str] = []
        self.config: dict = {}  # a redis server's parameters, as read at its start (CONFIG GET)

class Context:
    """What a program is started with (built by the kubelet per container start)."""

    def __init__(self, argv: list | None, args_only: bool, env: dict, mem_limit: int | None, cpu_limit: int | None,
                 node_cpus: int, hostname: str, start: float, files, tag: str):
        self.argv = argv
        self.args_only = args_only
        self.env = env
        self.mem_limit = mem_limit
        self.cpu_limit = cpu_limit
        self.node_cpus = node_cpus
        self.hostname = hostname
        self.start = start  # epoch seconds of the start
        self.files = files
        self.tag = tag
        self.net = None  # the pod's network tools runner (shell.Env.net), set by the kubelet
        self.stdin = False  # the container's stdin is kept open (spec stdin: true, as kubectl run -i sets)
        self.tty = False  # it has a terminal (spec tty: true, as kubectl run -t sets)
        self.pid = 1  # its PID: 1, or the next of the pod's shared namespace (processes.PidNamespace)

    def stamp(self, offset: float, fmt: str) -> str:
        t = datetime.datetime.fromtimestamp(self.start + offset, datetime.timezone.utc)
        return t.strftime(fmt)

    def date(self, offset: float) -> str:
        return self.stamp(offset, "%a %b %e %H:%M:%S UTC %Y")


def _shell_env(img: Image, ctx: Context) -> shell.Env:
    env = shell.Env(dict(ctx.env), ctx.files, ctx.hostname, ctx.date, net=ctx.net, tools=img.tools,
                    shells=shells_of(img))
    env.tty = ctx.tty
    return env


def _shell_program(img: Image, argv: list, ctx: Context) -> Program:
    p = Program()
    env = _shell_env(img, ctx)
    if ctx.net is not None and shell.waits_on_network(argv, env):
        env.replay = p.replay = shell.Replay()
        p.rerun = (img, list(argv), ctx)
    tl = shell.timeline(argv, env)
    p.resume_at = tl.resume_at
    _served(p, tl)
    p.lines = tl.lines
    p.loop = tl.loop
    p.loop_src = tl.loop_src
    p.loop_live = tl.live
    p.follow = tl.follow
    p.file_ops = tl.file_ops
    p.exit_at = tl.exit_at
    p.exit_code = tl.exit_code
    p.sigterm = None  # PID 1 sh/sleep: SIGTERM has no handler, so the kernel ignores it
    p.cpu_m = 0.0
    p.mem = img.mem
    if ctx.stdin and _reads_stdin(argv):
        # `kubectl run -i -t ... sh`: the runtime holds the container's stdin open until an attached client
        # leaves (stdinOnce), so the shell waits for its first command instead of reading end-of-file.
        p.exit_at = None
        p.lines = []
        p.stdin_shell = stdin_shell(list(ctx.argv) if ctx.argv else list(img.cmd))
    return p


def resume(p: Program, horizon: float) -> list:
    """Run a replayed script again (shell.Replay) now that the clock is ``horizon`` seconds past its
    start: its lines and end as far as the network has answered, and the file changes it makes after
    the last run's horizon (to be made at their offsets)."""
    img, argv, ctx = p.rerun
    env = _shell_env(img, ctx)
    before = p.replay.horizon
    p.replay.horizon, p.replay.calls = horizon, 0
    env.replay = p.replay
    tl = shell.timeline(argv, env)
    p.lines, p.resume_at = tl.lines, tl.resume_at
    p.exit_at, p.exit_code = tl.exit_at, tl.exit_code
    _served(p, tl)
    return [op for op in tl.file_ops if op[0] > before]


def _served(p: Program, tl) -> None:
    """A script that went on as a server (``exec ncat --listen 3307 -c "xtrabackup --backup ..."``):
    its port listens from then, and the program is what answers there (kubelet.backup)."""
    if tl.serve is not None:
        port, kind, at = tl.serve
        p.ports = {port: at}
        p.kind = kind


def _python_program(img: Image, script: str, ctx: Context) -> Program | None:
    """``python3 -c SCRIPT`` as python.py reads it: what it prints, written when it exits (stdout to a
    pipe is block-buffered), and its status; None for a script beyond that reader."""
    ran = python.run(script, dict(ctx.env))
    if ran is None:
        return None
    code, text, elapsed = ran
    p = Program()
    p.lines = [(elapsed, line) for line in text.splitlines()]
    p.exit_at = elapsed
    p.exit_code = code
    p.sigterm = None  # PID 1 Python without a handler: the kernel ignores SIGTERM
    p.mem = img.mem
    return p


def _reads_stdin(argv: list) -> bool:
    """A shell (or interpreter) given no script reads its commands from stdin."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    return base in ("sh", "bash", "ash", "python3", "python", "node") and not any(shell.script_flag(a) for a in argv[1:])


# The prompt root's interactive shell shows, as each image's start-up leaves PS1, and bash's version
# (its \v): busybox ash's FEATURE_EDITING_FANCY_PROMPT default "\w \$ " (ash.c initvar: "/ # "), dash's
# "# " for root, bash in Debian and Ubuntu images as /etc/bash.bashrc sets it ("root@POD:/# ", as
# kubernetes.io's get-shell-running-container.md shows), and bash's own "\s-\v\$ " elsewhere (Oracle
# Linux's mysql image, the official bash image).
_DEBIAN_PS1 = "\\u@\\h:\\w\\$ "
_BASH_PS1 = "\\s-\\v\\$ "
_BASH_VERSIONS = {"docker.io/library/mysql": "5.1", "registry.k8s.io/e2e-test-images/jessie-dnsutils": "4.3",
                  "gcr.io/google-samples/kubernetes-bootcamp": "4.3", "docker.io/jocatalin/kubernetes-bootcamp": "4.3"}


def prompt_of(img: "Image | None", flavour: str, root: bool = True) -> tuple[str, str]:
    """(PS1, bash version) of an interactive shell of ``flavour`` (utilities.ASH/DASH/BASH) in ``img``."""
    repos = img.repos if img is not None else ()
    version = next((_BASH_VERSIONS[r] for r in repos if r in _BASH_VERSIONS), "5.2")
    if flavour == "dash":
        return ("# " if root else "$ "), version  # dash var.c: PS1 is "# " only when euid is 0
    if flavour == "bash":
        debian = any(_SHELLS_BY_REPO.get(r) is _DEBIAN for r in repos)
        return (_DEBIAN_PS1 if debian else _BASH_PS1), version
    return "\\w \\$ ", version


def stdin_shell(argv: list) -> str | None:
    """The shell a container's command starts reading its stdin, if it is one (not ``sh -c``)."""
    base = argv[0].rsplit("/", 1)[-1] if argv else ""
    return argv[0] if base in ("sh", "bash", "ash") and not any(shell.script_flag(a) for a in argv[1:]) else None


def _is_shell_cmd(argv: list) -> bool:
    b = argv[0].rsplit("/", 1)[-1] if argv else ""
    return b in ("sh", "bash", "ash", "sleep", "echo", "printf", "cat", "true", "false", "printenv", "env", "date", "exit",
                 "tail")


def _int_env(env: dict, name: str, default: float) -> float:
    try:
        return float(env.get(name, default))
    except (TypeError, ValueError):
        return default


def build(img: Image, ctx: Context) -> Program:
    """The Program a container of this image runs, given its command and environment."""
    argv = list(ctx.argv) if ctx.argv else list(img.cmd)
    served = processes.exec_argv(argv, shells_of(img), shell.statements) if img.kind in _SERVED else None
    if served and served[0].rsplit("/", 1)[-1] in _SERVED[img.kind]:
        ctx.argv, argv = served, served  # the shell execs the image's server in its place
    if img.kind in ("shell", "xtrabackup") or (ctx.argv and _is_shell_cmd(argv)):
        if argv and argv[0].rsplit("/", 1)[-1] in ("python3", "python") and len(argv) >= 3 and argv[1] == "-c":
            p = _python_program(img, argv[2], ctx)
            if p is not None:
                return p
        if argv and argv[0].rsplit("/", 1)[-1] in ("python3", "python", "node"):
            argv = ["sh"]  # an interpreter without a terminal reads EOF and exits 0
        return _shell_program(img, argv, ctx)
    builder = _BUILDERS.get(img.kind, _system)
    p = builder(img, ctx)
    p.kind = img.kind
    p.version = p.version or ctx.tag
    if not p.cpu_m:
        p.cpu_m = float(img.cpu_m)
    if not p.mem:
        p.mem = img.mem
    return p


# Containers of one image started in the same second on nodes of one size print
# the same text: built once and shared (read-only) by their programs, which
# keeps a 30,000-pod cluster's logs from costing 14 kB a pod.
_NGINX_TEXT: dict = {}


def _nginx_text(ts: str, cpus: int, pid: int = 1) -> tuple[list, list, tuple]:
    """The log of an nginx master of PID ``pid`` starting on ``cpus`` CPUs, what it logs when stopped, and its
    workers' PIDs: docker-entrypoint.sh's children took the 27 numbers after its own, which nginx kept (exec)."""
    key = (ts, cpus, pid)
    hit = _NGINX_TEXT.get(key)
    if hit is not None:
        return hit
    m = f"{pid}#{pid}"
    lines = [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        f'{ts} [notice] {m}: using the "epoll" event method',
        f"{ts} [notice] {m}: nginx/1.27.3",
        f"{ts} [notice] {m}: built by gcc 12.2.0 (Debian 12.2.0-14) ",
        f"{ts} [notice] {m}: OS: Linux 6.8.0-51-generic",
        f"{ts} [notice] {m}: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        f"{ts} [notice] {m}: start worker processes",
    ]
    workers = tuple(pid + 28 + i for i in range(cpus))
    lines += [f"{ts} [notice] {m}: start worker process {w}" for w in workers]
    shutdown = [f"[notice] {m}: signal 15 (SIGTERM) received, exiting"] + _nginx_workers_exit(pid, workers)
    shutdown.append(f"[notice] {m}: exit")
    if len(_NGINX_TEXT) > 64:
        _NGINX_TEXT.clear()
    hit = _NGINX_TEXT[key] = ([(0.05, l) for l in lines], shutdown, workers)
    return hit


def _nginx_workers_exit(pid: int, workers: tuple, graceful: bool = False) -> list:
    """Workers ending on the master's signal, then the master reaping them (ngx_process_cycle.c
    ngx_worker_process_cycle, ngx_process.c ngx_signal_handler and ngx_process_get_status)."""
    m = f"{pid}#{pid}"
    lines = [f"[notice] {w}#{w}: gracefully shutting down" for w in workers] if graceful else []
    lines += [f"[notice] {w}#{w}: exiting" for w in workers] + [f"[notice] {w}#{w}: exit" for w in workers]
    lines += [f"[notice] {m}: signal 17 (SIGCHLD) received from {w}" for w in workers[:1]]
    return lines + [f"[notice] {m}: worker process {w} exited with code 0" for w in workers]


def nginx_reload(p: Program, pid: int, sender: int, workers: tuple) -> list:
    """SIGHUP to an nginx master of PID ``pid`` (ngx_process_cycle.c ngx_master_process_cycle's
    ngx_reconfigure): it reads its configuration again, starts ``workers`` and tells the old ones to quit.
    Returns the lines it logs (without their time stamps); the program keeps the new workers."""
    m = f"{pid}#{pid}"
    lines = [f"[notice] {m}: signal 1 (SIGHUP) received from {sender}, reconfiguring", f"[notice] {m}: reconfiguring",
             f'[notice] {m}: using the "epoll" event method', f"[notice] {m}: start worker processes"]
    lines += [f"[notice] {m}: start worker process {w}" for w in workers]
    lines += _nginx_workers_exit(pid, p.workers, graceful=True) + [f"[notice] {m}: signal 29 (SIGIO) received"]
    p.workers = workers
    p.shutdown = [f"[notice] {m}: signal 15 (SIGTERM) received, exiting"] + _nginx_workers_exit(pid, workers) + \
        [f"[notice] {m}: exit"]
    return lines


def _nginx(img: Image, ctx: Context) -> Program:
    p = Program()
    p.lines, p.shutdown, workers = _nginx_text(ctx.stamp(0.05, "%Y/%m/%d %H:%M:%S"), max(1, ctx.node_cpus), ctx.pid)
    if ctx.pid != 1:
        p.workers = workers  # kept only where another container can see them: a shared namespace
    p.ports = {80: 0.05}
    p.sigterm = 0.1
    return p


def _httpd(img: Image, ctx: Context) -> Program:
    p = Program()
    ip = ctx.env.get("__POD_IP", "10.244.0.2")
    ts = ctx.stamp(0.1, "%a %b %d %H:%M:%S.%f %Y")
    p.lines = [(0.1, f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. "
                     "Set the 'ServerName' directive globally to suppress this message"),
               (0.1, f"[{ts}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations"),
               (0.1, f"[{ts}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'")]
    p.ports = {80: 0.1}
    p.sigterm = 0.1
    return p


def _redis(img: Image, ctx: Context) -> Program:
    """redis-server (redis.py): the image's CMD, or the guestbook follower's run.sh, which execs
    ``redis-server --replicaof redis-leader 6379`` (REDIS_LEADER_SERVICE_HOST when GET_HOSTS_FROM=env)."""
    p = Program()
    argv = list(ctx.argv) if ctx.argv else list(img.cmd)
    if img.cmd == _FOLLOWER_CMD and not ctx.argv:
        leader = ctx.env.get("REDIS_LEADER_SERVICE_HOST", "") if ctx.env.get("GET_HOSTS_FROM") == "env" else "redis-leader"
        argv = ["redis-server", "--replicaof", leader, "6379"]
    if argv and argv[0].rsplit("/", 1)[-1] != "redis-server":
        argv = ["redis-server"] + argv  # the entrypoint runs redis-server with arguments given as args
    version = redis.version_of(_REDIS_BASES.get(img.repos[0], ctx.tag))
    p.replicaof = redis.replicaof(argv)
    # The configuration is read once, at start: a ConfigMap changed under the file takes effect only
    # when the container starts again (config.c loadServerConfig; the Configuring Redis page's point).
    path = redis.config_file(argv)
    text = ctx.files.read(path) if path else ""
    p.version = version
    if not isinstance(text, str):
        p.lines = [(0.01, f"1:C {redis.stamp(ctx, 0.01)} # Fatal error, can't open config file '{path}'")]
        p.exit_at, p.exit_code = 0.01, 1
        return p
    try:
        p.config = redis.config_of(text, argv[2:] if path else argv[1:])
    except redis.ConfigError as e:
        p.lines = [(0.01, line) for line in str(e).split("\n")[:-1]]
        p.exit_at, p.exit_code = 0.01, 1
        return p
    p.lines = redis.startup(ctx, version, argv, p.replicaof is not None)
    p.ports = {6379: redis.UP}
    p.sigterm = 0.1
    p.version = version
    p.keyspace = {}
    sync = getattr(ctx.net, "redis_sync", None)
    if p.replicaof is not None and sync is not None:
        host, port = p.replicaof
        at = redis.UP + redis.SYNC
        outcome, master_version, replid = sync(host, port, ctx.start + at)
        p.lines = p.lines + redis.replica_sync(ctx, at, f"{host}:{port}", outcome, master_version, replid)
    return p


# The guestbook's follower (GoogleCloudPlatform/kubernetes-engine-samples guestbook/redis-follower at v2:
# FROM redis:6.0.5, CMD /run.sh) and the redis release each image is built on.
_FOLLOWER_CMD = ("/bin/sh", "-c", "/run.sh")
_REDIS_BASES = {"us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower": "6.0.5",
                "gcr.io/google_samples/gb-redis-follower": "6.0.5"}


def shutdown_lines(p: Program, epoch: float) -> list[str]:
    """What a program logs when SIGTERM reaches it at ``epoch``, stamped as the image stamps its log."""
    if p.kind == "redis":
        return redis.shutdown(p.version, epoch, redis.stamp_epoch(epoch), "S" if p.replicaof else "M")
    stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y/%m/%d %H:%M:%S")
    return [f"{stamp} {line}" if line.startswith("[") else line for line in p.shutdown]


def _needs_password(img: Image, ctx: Context, port: int, vars_: tuple, error: list, ok: list) -> Program:
    p = Program()
    if any(ctx.env.get(v) for v in vars_):
        p.lines = [(0.5 + i * 0.1, l) for i, l in enumerate(ok)]
        p.ports = {port: 1.5}
        p.sigterm = 0.5
        return p
    p.lines = [(0.05, l) for l in error]
    p.exit_at = 0.1
    p.exit_code = 1
    return p


def _postgres(img: Image, ctx: Context) -> Program:
    return _needs_password(img, ctx, 5432, ("POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"), [
        "Error: Database is uninitialized and superuser password is not specified.",
        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
        "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
    ], ["PostgreSQL init process complete; ready for start up.",
        "LOG:  database system is ready to accept connections"])


def _mysql(img: Image, ctx: Context) -> Program:
    argv = list(ctx.argv or ())
    if argv and argv[0].rsplit("/", 1)[-1] == "mysql":
        return _mysql_client(argv[1:], ctx)  # the entrypoint runs a command that is not mysqld's options as given
    p = _mysql_server(img, ctx)
    if p.ports:
        mysql_server.configure(p, ctx.env, ctx.tag, ctx.files, ctx.hostname)
        if p.config["version"].startswith("5."):
            # 5.7's mysqld says it on two lines (mysqld.cc: "ready for connections.\nVersion: ...").
            version = mysql_server.server_version(p.config)
            p.lines = p.lines[:1] + [(p.lines[1][0], "[Note] mysqld: ready for connections."),
                                     (p.lines[1][0], f"Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  "
                                                     "port: 3306  MySQL Community Server (GPL)")]
    return p


def _mysql_client(args: list, ctx: Context) -> Program:
    """The image's client as the container's command (mysql_client.main_process)."""
    lines, code, waits = mysql_client.main_process(args, ctx)
    p = Program()
    p.lines = [(0.05, line) for line in lines]
    p.cpu_m = 0.0
    if waits:
        p.stdin_shell = "mysql"  # kubectl run -it attaches the terminal to it (attaching.attach_main)
    else:
        p.exit_at, p.exit_code = 0.1, code
    return p


def _mysql_server(img: Image, ctx: Context) -> Program:
    return _needs_password(img, ctx, 3306, ("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"), [
        "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
        "    You need to specify one of the following as an environment variable:",
        "    - MYSQL_ROOT_PASSWORD",
        "    - MYSQL_ALLOW_EMPTY_PASSWORD",
        "    - MYSQL_RANDOM_ROOT_PASSWORD",
    ], ["[Note] [Entrypoint]: MySQL init process done. Ready for start up.",
        "[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.3'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."])


EXECUTABLE = "\x7fELF\x02\x01\x01\x00"  # what an image's tool binary reads as (its ELF header's first bytes)


def _simple_server(img: Image, ctx: Context) -> Program:
    p = Program()
    p.ports = {port: 0.05 for port in img.ports}
    p.sigterm = 0.1
    return p


def _hello(img: Image, ctx: Context) -> Program:
    p = Program()
    p.lines = [(0.05, f"hello {ctx.tag}: listening on :8080")]
    p.ports = {8080: 0.05}
    p.sigterm = 0.05
    p.shutdown = [f"hello {ctx.tag}: received SIGTERM, shutting down"]
    return p


def _crashloop(img: Image, ctx: Context) -> Program:
    p = Program()
    after = _int_env(ctx.env, "CRASH_AFTER", 3.0)
    p.lines = [(0.0, f"kubelab/crashloop {ctx.tag}: starting"),
               (0.2, "loading configuration from /etc/app/config.yaml"),
               (after, "error: open /etc/app/config.yaml: no such file or directory"),
               (after, "fatal: cannot start without configuration, exiting")]
    if ctx.files.exists("/etc/app/config.yaml"):
        p.lines = p.lines[:2] + [(0.3, "configuration loaded; listening on :8080")]
        p.ports = {8080: 0.3}
        return p
    p.ports = {8080: 0.1}
    p.exit_at = after
    p.exit_code = int(_int_env(ctx.env, "EXIT_CODE", 1))
    return p


def _memhog(img: Image, ctx: Context) -> Program:
    p = Program()
    target_mb = _int_env(ctx.env, "MEMORY_MB", 256)
    argv = ctx.argv or []
    for i, a in enumerate(argv):
        if a in ("--mb", "-m") and i + 1 < len(argv):
            try:
                target_mb = float(argv[i + 1])
            except ValueError:
                pass
        elif a.startswith("--mb="):
            try:
                target_mb = float(a.split("=", 1)[1])
            except ValueError:
                pass
    rate = 32 * MiB
    target = int(target_mb * MiB)
    p.mem_rate = float(rate)
    p.mem_target = target
    p.mem = 2 * MiB
    p.cpu_m = 50.0
    p.lines = [(0.0, f"memhog: allocating {int(target_mb)}MiB in 32MiB steps")]
    steps = int(target // rate)
    limit = ctx.mem_limit
    for k in range(1, steps + 1):
        t = float(k)
        if limit is not None and k * rate > limit:
            p.exit_at = (limit / rate)
            p.exit_code = 137
            p.exit_reason = "OOMKilled"
            break
        p.lines.append((t, f"memhog: allocated {k * 32}MiB"))
    else:
        if limit is not None and target > limit:
            p.exit_at = limit / rate
            p.exit_code = 137
            p.exit_reason = "OOMKilled"
        else:
            p.lines.append((target / rate, f"memhog: holding {int(target_mb)}MiB"))
    p.sigterm = 0.0
    return p


def _slow_start(img: Image, ctx: Context) -> Program:
    p = Program()
    s = _int_env(ctx.env, "STARTUP_SECONDS", 30.0)
    p.lines = [(0.0, f"slow-start: warming caches, this takes {s:g}s"), (s, "slow-start: listening on :8080")]
    p.ports = {8080: s}
    p.sigterm = 0.1
    return p


def _ready_when(img: Image, ctx: Context) -> Program:
    p = Program()
    p.ready_file = ctx.env.get("READY_FILE", "/tmp/ready")
    p.ready_env = str(ctx.env.get("READY", "")).lower() in ("1", "true", "yes")
    p.lines = [(0.0, f"ready-when: serving on :8080; /ready answers 200 when {p.ready_file} exists or READY=true")]
    p.ports = {8080: 0.0}
    p.sigterm = 0.1
    return p


def _cpu_burner(img: Image, ctx: Context) -> Program:
    p = Program()
    p.cpu_m = _int_env(ctx.env, "CPU_MILLICORES", 200.0)
    p.lines = [(0.0, f"cpu-burner: burning {p.cpu_m:g}m of CPU; serving on :8080")]
    p.ports = {8080: 0.0}
    p.sigterm = 0.1
    p.mem = 6 * MiB
    return p


def _php_apache(img: Image, ctx: Context) -> Program:
    p = Program()
    p.lines = [(0.1, "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using "
                     "127.0.0.1. Set the 'ServerName' directive globally to suppress this message")]
    p.ports = {80: 0.1}
    p.sigterm = 0.1
    p.cpu_m = 1.0
    return p


def _bootcamp(img: Image, ctx: Context) -> Program:
    """server.js: listen(8080, cb) logs the start; Node 6 prints a Date as toISOString()."""
    p = Program()
    up = 0.1  # node's start-up until the listen callback
    p.hostname = ctx.env.get("HOSTNAME", ctx.hostname)
    stamp = ctx.stamp(up, "%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    # console.log("Kubernetes Bootcamp App Started At:", startTime, "| Running On: ", host, "\n")
    p.lines = [(up, f"Kubernetes Bootcamp App Started At: {stamp} | Running On:  {p.hostname} "), (up, "")]
    p.ports = {8080: up}
    p.sigterm = None  # /bin/sh -c "node server.js" as PID 1, no handler: SIGTERM is ignored
    p.mem = 9 * MiB
    return p


def bootcamp_version(p: Program) -> str:
    """server.js's " | v=N": 1 for v1, 2 for jocatalin's v2."""
    return "2" if p.version == "v2" else "1"


def _js_number(x: float) -> str:
    """A JavaScript number as console.log prints it (446.976, 447, 0.5)."""
    text = repr(round(x, 3))
    return text[:-2] if text.endswith(".0") else text


def request_log(p: Program, offset: float, epoch_now: float, method: str, path: str, status: int, size: int,
                client_ip: str, user_agent: str, clf_time: str) -> list[str]:
    """The lines a program writes to stdout for one request it served (none for most images)."""
    if p.kind in ("nginx", "hello-frontend"):
        return [f'{client_ip} - - [{clf_time}] "{method} {path} HTTP/1.1" {status} {size} "-" "{user_agent}" "-"']
    if p.kind == "gb-frontend":  # Apache's combined format; %O counts the headers too, here the body [approximate]
        return [f'{client_ip} - - [{clf_time}] "{method} {path} HTTP/1.1" {status} {size} "-" "{user_agent}"']
    if p.kind == "hello-app":
        stamp = datetime.datetime.fromtimestamp(epoch_now, datetime.timezone.utc).strftime("%Y/%m/%d %H:%M:%S")
        return [f"{stamp} Serving request: {path.split('?', 1)[0]}"]
    if p.kind == "bootcamp":
        p.requests += 1
        now = datetime.datetime.fromtimestamp(epoch_now, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        uptime = max(0.0, offset - p.ports.get(8080, 0.0))
        # console.log("Running On:", host, "| Total Requests:", ++requests, "| App Uptime:", (new Date() - startTime)/1000,
        #             "seconds", "| Log Time:", new Date())
        return [f"Running On: {p.hostname} | Total Requests: {p.requests} | App Uptime: {_js_number(uptime)} seconds "
                f"| Log Time: {now}"]
    return []


def _go_log(ctx: Context, offset: float) -> str:
    """Go's log package prefix (LstdFlags: date and time, UTC in a container)."""
    return ctx.stamp(offset, "%Y/%m/%d %H:%M:%S")


def _hello_app(img: Image, ctx: Context) -> Program:
    """hello-app's main.go: log.Printf("Server listening on port %s", port), PORT defaulting to 8080."""
    p = Program()
    port = ctx.env.get("PORT") or "8080"
    p.lines = [(0.05, f"{_go_log(ctx, 0.05)} Server listening on port {port}")]
    p.ports = {int(port) if port.isdigit() else 8080: 0.05}
    p.hostname = ctx.hostname
    p.sigterm = 0.0  # Go's default SIGTERM handling: exit at once
    return p


def _serve_hostname(img: Image, ctx: Context) -> Program:
    p = Program()
    p.ports = {9376: 0.05}
    p.hostname = ctx.hostname
    p.sigterm = 0.0
    return p


def _hello_frontend(img: Image, ctx: Context) -> Program:
    """nginx with ``upstream hello { server hello; }`` baked in: nginx resolves an upstream's name once, as it
    loads its configuration, and will not start without it (ngx_http_upstream_server: "host not found in
    upstream"). The file name in the image is [approximate]."""
    p = Program()
    p.sigterm = 0.1
    if ctx.net is not None and ctx.net(["nslookup", FRONTEND_UPSTREAM])[0] != 0:
        p.lines = [(0.05, f'{ctx.stamp(0.05, "%Y/%m/%d %H:%M:%S")} [emerg] 1#1: host not found in upstream '
                          f'"{FRONTEND_UPSTREAM}" in /etc/nginx/conf.d/frontend.conf:2'),
                   (0.05, f'nginx: [emerg] host not found in upstream "{FRONTEND_UPSTREAM}" in '
                          '/etc/nginx/conf.d/frontend.conf:2')]
        p.exit_at = 0.06
        p.exit_code = 1
        return p
    p.ports = {80: 0.05}
    return p


# The backend Service hello-frontend's nginx proxies to (its upstream's one server).
FRONTEND_UPSTREAM = "hello"


# What stress's own process holds besides its hogs: the page's `kubectl top` reading of a 150M
# hog, 162856960 bytes, less the 150 MiB (assign-memory-resource.md).
STRESS_BASE_MEM = 162_856_960 - 150 * MiB
# A hog touches its pages fast: stress --vm reaches a few hundred MiB in a fraction of a second.
STRESS_VM_RATE = 1024 * MiB
STRESS_HANGING_VM_MCPU = 60.0  # [approximate]


def _stress_bytes(text: str) -> int | None:
    """stress's atoll_b: a number with an optional b/k/m/g suffix, in powers of 1024."""
    factor = {"b": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}.get(text[-1:].lower())
    digits = text[:-1] if factor else text
    return int(digits) * (factor or 1) if digits.isdigit() else None


def _stress(img: Image, ctx: Context) -> Program:
    """stress(1): --cpu N spinners, --vm N workers holding --vm-bytes each (default 256M), --timeout N.
    A worker past the container's memory limit is OOM-killed with the whole container (cgroup v2's
    memory.oom.group, which the kubelet sets): exit 137, reason OOMKilled."""
    p = Program()
    argv = list(ctx.argv or [])
    if argv and argv[0].rsplit("/", 1)[-1] == "stress":
        argv = argv[1:]

    def count(*names: str) -> int:
        for i, a in enumerate(argv):
            if a in names and i + 1 < len(argv) and argv[i + 1].isdigit():
                return int(argv[i + 1])
        return 0
    cpu, vm, timeout, hang = count("--cpu", "-c"), count("--vm", "-m"), count("--timeout", "-t"), count("--vm-hang")
    vm_bytes = 256 * MiB
    for i, a in enumerate(argv):
        if a == "--vm-bytes" and i + 1 < len(argv):
            vm_bytes = _stress_bytes(argv[i + 1]) or vm_bytes
    p.lines = [(0.0, f"stress: info: [1] dispatching hogs: {cpu} cpu, 0 io, {vm} vm, 0 hdd")]
    # A vm worker spins on malloc/free, unless --vm-hang makes it sleep between rounds
    # (touching its pages then takes a few percent of a CPU).
    p.cpu_m = 1000.0 * cpu + (STRESS_HANGING_VM_MCPU if hang else 1000.0) * vm
    p.mem = STRESS_BASE_MEM
    want = vm * vm_bytes
    limit = ctx.mem_limit
    if limit is not None and STRESS_BASE_MEM + want > limit:
        p.mem_rate = float(STRESS_VM_RATE)
        p.mem_target = limit
        p.exit_at = max(0.01, (limit - STRESS_BASE_MEM) / STRESS_VM_RATE)
        p.exit_code = 137
        p.exit_reason = "OOMKilled"
    else:
        p.mem += want
        if timeout:
            p.exit_at = float(timeout)
            p.lines.append((float(timeout), f"stress: info: [1] successful run completed in {timeout}s"))
    p.sigterm = 0.0  # stress exits on SIGTERM
    p.own_usage = True
    return p


def _vish_stress(img: Image, ctx: Context) -> Program:
    """vish/stress: -cpus N threads spinning (its other flags allocate memory; not modelled)."""
    p = Program()
    argv = [a.replace("-cpus", "--cpus", 1) if a.startswith("-cpus") else a for a in ctx.argv or []]
    cpus = _flag(argv, "cpus", "0")
    p.cpu_m = 1000.0 * (int(cpus) if cpus.isdigit() else 0)
    p.mem = 3 * MiB // 2  # [approximate]
    p.sigterm = 0.0
    p.sigterm_exit = 2  # a Go program without a SIGTERM handler
    p.own_usage = True
    return p


def _flag(argv: list, name: str, default: str) -> str:
    """A Go flag's value, given as --name=value or --name value."""
    for i, a in enumerate(argv):
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
        if a == f"--{name}" and i + 1 < len(argv):
            return argv[i + 1]
    return default


def _agnhost(img: Image, ctx: Context) -> Program:
    """agnhost (kubernetes test/images/agnhost) running the subcommand it was given."""
    p = Program()
    argv = list(ctx.argv) if ctx.argv else list(img.cmd)
    if argv and argv[0].rsplit("/", 1)[-1] == "agnhost":
        argv = argv[1:]
    p.mode = argv[0] if argv else "pause"
    p.hostname = ctx.hostname
    p.sigterm = 0.05
    if p.mode == "liveness":
        # liveness/server.go: /healthz answers 200 for its first 10 s, then 500; no signal handler.
        p.ports = {8080: 0.05}
        p.sigterm_exit = 2
        p.steady_after = 10.0
    elif p.mode in ("netexec", "serve-hostname"):
        default = "8080" if p.mode == "netexec" else "9376"
        port = _flag(argv, "http-port" if p.mode == "netexec" else "port", default)
        p.ports = {int(port) if port.isdigit() else int(default): 0.05}
        p.sigterm_exit = 2
    elif p.mode != "pause":  # pause exits 0 on SIGTERM
        # cobra's answer to an unknown subcommand; agnhost exits 1.
        p.lines = [(0.0, f'Error: unknown command "{p.mode}" for "agnhost"'), (0.0, "Run 'agnhost --help' for usage.")]
        p.exit_at = 0.01
        p.exit_code = 1
    return p


def _goproxy(img: Image, ctx: Context) -> Program:
    p = Program()
    p.ports = {8080: 0.05}
    p.sigterm = 0.05
    p.sigterm_exit = 2  # a Go program without a SIGTERM handler
    return p


def _coredns(img: Image, ctx: Context) -> Program:
    p = Program()
    p.lines = [(0.1, ".:53"), (0.1, "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908"),
               (0.1, "CoreDNS-1.11.3"), (0.1, "linux/amd64, go1.21.11, a6338e9")]
    p.ports = {53: 0.1, 8080: 0.1, 8181: 0.1, 9153: 0.1}
    p.sigterm = 5.0
    return p


def _system(img: Image, ctx: Context) -> Program:
    p = Program()
    p.ports = {port: 0.1 for port in img.ports}
    p.sigterm = 0.5
    return p


def _perl(img: Image, ctx: Context) -> Program:
    """perl (perl.py): bpi(N) prints π to N digits after the seconds Perl would take, then exits 0."""
    lines, seconds = perl.run(list(ctx.argv) if ctx.argv else list(img.cmd))
    p = Program()
    p.lines = [(seconds, line) for line in lines]
    p.exit_at = seconds
    p.cpu_m = 1000.0  # one core busy until it exits
    return p


_BUILDERS = {
    "nginx": _nginx, "httpd": _httpd, "redis": _redis, "postgres": _postgres, "mysql": _mysql,
    "memcached": _simple_server, "hello": _hello, "crashloop": _crashloop, "memhog": _memhog,
    "slow-start": _slow_start, "ready-when": _ready_when, "cpu-burner": _cpu_burner, "coredns": _coredns,
    "system": _system, "php-apache": _php_apache, "bootcamp": _bootcamp,
    "agnhost": _agnhost, "goproxy": _goproxy, "stress": _stress, "vish-stress": _vish_stress, "hello-app": _hello_app,
    "serve-hostname": _serve_hostname, "hello-go-gke": _simple_server, "hello-frontend": _hello_frontend,
    "echoserver": _simple_server,
    "perl": _perl,
}


def _mongo(img: Image, ctx: Context) -> Program:
    """mongod: 4.2 and older log text lines, 4.4 and later JSON ones; listening on 27017 about a second in.
    The lines are a few of mongod's real start-up lines, their versions [approximate]."""
    p = Program()
    argv = list(ctx.argv or ())
    bind = argv[argv.index("--bind_ip") + 1] if "--bind_ip" in argv[:-1] else "*"  # the entrypoint adds --bind_ip_all
    up = 1.2
    major = ctx.tag.split(".")[0]
    if major.isdigit() and (int(major), int((ctx.tag.split(".") + ["0"])[1] or 0)) < (4, 4):
        version = {"4": "4.2.24", "3": "3.6.23"}.get(major, ctx.tag)

        def line(t, comp, where, msg):
            return (t, f"{ctx.stamp(t, '%Y-%m-%dT%H:%M:%S.%f')[:-3]}+0000 I  {comp:<8} [{where}] {msg}")
        p.lines = [
            line(0.1, "CONTROL", "initandlisten", f"MongoDB starting : pid=1 port=27017 dbpath=/data/db 64-bit host={ctx.hostname}"),
            line(0.1, "CONTROL", "initandlisten", f"db version v{version}"),
            line(0.1, "CONTROL", "initandlisten", f'options: {{ net: {{ bindIp: "{bind}" }} }}'),
            line(up, "NETWORK", "initandlisten", "Listening on /tmp/mongodb-27017.sock"),
            line(up, "NETWORK", "initandlisten", f"Listening on {'0.0.0.0' if bind == '*' else bind}"),
            line(up, "NETWORK", "initandlisten", "waiting for connections on port 27017"),
        ]
    else:
        def line(t, comp, ident, where, msg, attr):
            return (t, f'{{"t":{{"$date":"{ctx.stamp(t, "%Y-%m-%dT%H:%M:%S.%f")[:-3]}+00:00"}},"s":"I",  "c":"{comp}",'
                       f'  "id":{ident},   "ctx":"{where}","msg":"{msg}","attr":{attr}}}')
        p.lines = [
            line(0.1, "CONTROL", 4615611, "initandlisten", "MongoDB starting",
                 f'{{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"{ctx.hostname}"}}'),
            line(up, "NETWORK", 23015, "listener", "Listening on", '{"address":"/tmp/mongodb-27017.sock"}'),
            line(up, "NETWORK", 23016, "listener", "Waiting for connections", '{"port":27017,"ssl":"off"}'),
        ]
    p.ports = {27017: up}
    p.sigterm = 0.5
    return p


def _cassandra(img: Image, ctx: Context) -> Program:
    """/run.sh starting Cassandra (cassandra.py): its log, its ports as they open, its place in the ring."""
    from clusters.kubelet import cassandra  # cassandra.py reaches the network and the ring: only when one starts

    argv = list(ctx.argv) if ctx.argv else list(img.cmd)
    site = ctx.net.cassandra_site() if ctx.net is not None and hasattr(ctx.net, "cassandra_site") else None
    if "/run.sh" not in argv or site is None:
        return _system(img, ctx)  # [approximate] another program of the image: it runs and does nothing more
    st = cassandra.start(site, ctx.env, ctx.hostname, ctx.start)
    p = Program()
    p.lines, p.ports = st.lines, st.ports
    if st.exit_at is not None:
        p.exit_at, p.exit_code = st.exit_at, cassandra.EXIT_STARTUP_FAILED
    p.config = {"host_id": st.host_id, "started": ctx.start}
    p.sigterm, p.sigterm_exit = cassandra.SIGTERM_SECONDS, cassandra.EXIT_SIGTERM
    heap = ctx.env.get("MAX_HEAP_SIZE") or ""
    p.mem = (int(heap[:-1]) * MiB if heap[:-1].isdigit() and heap[-1:] in "Mm" else 512 * MiB) + 150 * MiB
    p.steady_after = float("inf")  # ready-probe.sh asks nodetool, whose answer follows the ring
    return p


_BUILDERS["cassandra"] = _cassandra


def _apache_start(ctx: Context, up: float, server: str) -> list:
    """The official php images' apache2-foreground: mod_prefork's start lines, and the ServerName notice
    apache2 prints twice (once checking the configuration, once starting)."""
    ip = ctx.env.get("__POD_IP", "10.244.0.2")
    notice = (f"AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using {ip}. "
              "Set the 'ServerName' directive globally to suppress this message")
    ts = ctx.stamp(up, "%a %b %d %H:%M:%S.%f %Y")
    return [(up, notice), (up, notice),
            (up, f"[{ts}] [mpm_prefork:notice] [pid 1] AH00163: {server} configured -- resuming normal operations"),
            (up, f"[{ts}] [core:notice] [pid 1] AH00094: Command line: 'apache2 -D FOREGROUND'")]


def _gb_frontend(img: Image, ctx: Context) -> Program:
    """php:7.4.7-apache (Debian buster: Apache 2.4.38) serving the guestbook on 80."""
    p = Program()
    p.lines = _apache_start(ctx, 0.3, "Apache/2.4.38 (Debian) PHP/7.4.7")
    p.ports = {80: 0.3}
    p.sigterm = 0.1
    return p


def _wordpress(img: Image, ctx: Context) -> Program:
    """The wordpress image's entrypoint, then Apache: on an empty /var/www/html (a new claim) it copies
    WordPress in first and says so; a claim it filled before is left alone. Versions [approximate]."""
    p = Program()
    up = 0.8
    lines = []
    if not ctx.files.exists(WORDPRESS_MARKER):
        lines += [(0.1, "WordPress not found in /var/www/html - copying now..."),
                  (0.7, "Complete! WordPress has been successfully copied to /var/www/html")]
        p.file_ops = [(0.7, "append", WORDPRESS_MARKER, "<?php\n// index.php of WordPress: not reproduced here.\n")]
    p.lines = lines + _apache_start(ctx, up, "Apache/2.4.56 (Debian) PHP/8.0.28")
    p.ports = {80: up}
    p.sigterm = 0.1
    return p


WORDPRESS_MARKER = "/var/www/html/index.php"
def _node_hello(img: Image, ctx: Context) -> Program:
    p = Program()
    p.ports = {8080: 0.1}
    p.sigterm = None
    return p


_BUILDERS.update({"mongo": _mongo, "wordpress": _wordpress, "gb-frontend": _gb_frontend, "node-hello": _node_hello})


def _http_echo(img: Image, ctx: Context) -> Program:
    """hashicorp/http-echo's main.go: without -text (or ECHO_TEXT) it says so and exits 127; else it logs
    where it listens and serves. Its log line's words [approximate]."""
    p = Program()
    argv = [str(a) for a in ctx.argv or ()]
    text = next((a.split("=", 1)[1] for a in argv if a.startswith(("-text=", "--text="))), ctx.env.get("ECHO_TEXT", ""))
    listen = next((a.split("=", 1)[1] for a in argv if a.startswith(("-listen=", "--listen="))), ":5678")
    if not text:
        p.lines = [(0.0, "Missing -text option!")]
        p.exit_at, p.exit_code = 0.01, 127
        return p
    port = listen.rsplit(":", 1)[-1]
    p.lines = [(0.05, f"{_go_log(ctx, 0.05)} [INFO] server is listening on {listen}")]
    p.ports = {int(port) if port.isdigit() else 5678: 0.05}
    p.sigterm = 0.0  # Go's default SIGTERM handling: exit at once
    return p


_BUILDERS["http-echo"] = _http_echo


def _zookeeper(img: Image, ctx: Context) -> Program:
    """start-zookeeper (zookeeper.py): its files, its log, then the JVM serving on the client and election ports."""
    p = Program()
    argv = list(ctx.argv) if ctx.argv else list(img.cmd)
    if argv[0].rsplit("/", 1)[-1] not in _SERVED["zookeeper"]:
        return _shell_program(img, argv, ctx)  # the image's CMD, bash, or another command: the shell runs it
    opts, err = zookeeper.parse(argv)
    named = zookeeper.ordinal(ctx.hostname)
    if opts is None or named is None:
        p.lines = [(0.01, err or "Fialed to parse name and ordinal of Pod")]  # the script's own spelling
        p.exit_at, p.exit_code = 0.02, 1
        return p
    name, ordinal = named
    myid = ordinal + 1
    domain = utilities.hostname_(["-d"], ctx.hostname, ctx.files.read("/etc/hosts") or "")[1].strip()
    cfg = zookeeper.zoo_cfg(opts, name, domain)
    conf, data, data_log = opts.path("conf_dir"), opts.path("data_dir"), opts.path("data_log_dir")
    p.file_ops = [(0.05, "write", f"{conf}/zoo.cfg", cfg),
                  (0.06, "write", f"{conf}/java.env",
                   f'ZOO_LOG_DIR={opts["log_dir"]}\nJVMFLAGS="-Xmx{opts["heap"]} -Xms{opts["heap"]}"\n'),
                  (0.06, "write", f"{conf}/log4j.properties", zookeeper.log4j_properties(opts["log_level"])),
                  (0.07, "mkdir", f"{data}/", ""), (0.07, "mkdir", f"{data_log}/", "")]
    if opts.servers > 1 and not ctx.files.exists(f"{data}/myid"):
        p.file_ops.append((0.07, "append", f"{data}/myid", f"{myid}\n"))
    p.lines = zookeeper.startup(ctx.start, opts, myid, cfg)
    port = int(opts["client_port"]) if opts["client_port"].isdigit() else 2181
    p.ports = {port: zookeeper.UP}
    if opts.servers > 1:
        election = opts["election_port"]
        p.ports[int(election) if election.isdigit() else 3888] = zookeeper.UP
    p.config = {"myid": str(myid), "port": str(port), "servers": cfg, "data_dir": data, "data_log_dir": data_log,
                "started": ctx.start}
    p.pid1 = zookeeper.java_args(opts["heap"])
    p.sigterm = 0.2
    p.sigterm_exit = 143  # the JVM's exit on SIGTERM, after its shutdown hooks: 128 + 15
    p.steady_after = float("inf")  # zookeeper-ready's ruok is answered, and logged, at every probe
    return p


_BUILDERS["zookeeper"] = _zookeeper


def http_get(p: Program, path: str, files, offset: float) -> tuple[int, str]:
    """(status, body) for GET path on a listening program (connection handling is the caller's)."""
    kind = p.kind
    path = path or "/"
    if kind == "nginx":
        index = files.read("/usr/share/nginx/html/index.html")  # the image's own, unless a mount hides it
        if path == "/":
            # ngx_http_index_module finds no index.html and autoindex is off: the directory is forbidden
            return (200, index) if index is not None else (403, NGINX_403)
        f = files.read("/usr/share/nginx/html" + path)
        if f is not None:
            return 200, f
        return 404, NGINX_404
    if kind == "ready-when":
        if path == "/ready":
            ok = p.ready_env or files.exists(p.ready_file or "/tmp/ready")
            return (200, "ready\n") if ok else (503, "not ready\n")
        return 200, "ok\n"
    if kind == "hello":
        if path in ("/healthz", "/livez", "/readyz", "/ready"):
            return 200, "ok\n"
        if path == "/":
            return 200, f"Hello from hello {p.version}\n"
        return 404, "404 page not found\n"
    if kind == "agnhost":
        if p.mode == "liveness":
            if path == "/healthz":  # fmt.Sprintf("error: %v", duration.Seconds())
                return (500, f"error: {offset!r}") if offset > 10 else (200, "ok")
            return (200, f"{offset}s") if path == "/started" else (404, "404 page not found\n")
        if p.mode == "serve-hostname" or path == "/hostname":
            return 200, p.hostname
        return 200, ""
    if kind == "goproxy":  # goproxy answers a request that is not a proxy request with 500
        return 500, "This is a proxy server. Does not respond to non-proxy requests.\n"
    if kind == "bootcamp":  # server.js answers every path alike
        return 200, f"Hello Kubernetes bootcamp! | Running on: {p.hostname} | v={bootcamp_version(p)}\n"
    if kind == "php-apache":
        return (200, "OK!") if path in ("/", "/index.php") else (404, "Not Found\n")
    if kind in ("hello-app", "serve-hostname", "hello-go-gke"):  # one handler for every path
        return 200, {"hello-app": f"Hello, world!\nVersion: {p.version[:1] or '2'}.0.0\nHostname: {p.hostname}\n",
                     "serve-hostname": p.hostname, "hello-go-gke": '{"message":"Hello"}'}[kind]
    if kind in ("slow-start", "cpu-burner", "crashloop", "coredns", "system"):
        if path in ("/", "/healthz", "/health", "/ready", "/readyz", "/livez"):
            return 200, "ok\n"
        return 404, "404 page not found\n"
    if kind == "httpd":
        return (200, "<html><body><h1>It works!</h1></body></html>\n") if path in ("/", "/index.html") else (404, "Not Found\n")
    return 404, ""


# /server.js in the image. Its source is the bootcamp's, not ours to copy: the
# simulated image says so instead of printing something it is not.
BOOTCAMP_SERVER_JS = ("// server.js of kubernetes-bootcamp v%s: a Node.js HTTP server on port 8080.\n"
                      "// The simulated image does not reproduce this file's source.\n")

# /etc/nginx/nginx.conf of the nginx 1.27 image (nginx.org's package, pkg-oss debian/nginx.conf): the
# ``user`` its workers switch to (processes.NGINX_UID) and ``worker_processes auto``, one per CPU.
NGINX_CONF = """
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"""

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
"""
NGINX_403 = """<html>
<head><title>403 Forbidden</title></head>
<body>
<center><h1>403 Forbidden</h1></center>
<hr><center>nginx/1.27.3</center>
</body>
</html>
"""
NGINX_404 = """<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.27.3</center>
</body>
</html>
"""
