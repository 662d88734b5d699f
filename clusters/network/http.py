"""What the simulated images answer over HTTP, and on which ports they listen.

The kubelet's image catalogue says how a container runs; this module says
what it serves once running, so that ``curl`` through a Service shows the page
a learner expects. Pages are the images' real defaults (nginx's
``/usr/share/nginx/html/index.html``, httpd's "It works!", the HPA
walkthrough's php-apache "OK!").

An image the table does not know serves nothing: connections to it are
refused, which is what a learner would see from a container listening on
another port.
"""
from __future__ import annotations

import re

from typing import NamedTuple

from clusters.strings import isdigits

NGINX_VERSION = "1.27.3"

NGINX_INDEX = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""


def _nginx_error(code: int, reason: str, version: str) -> str:
    return (f"<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
            f"<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n"
            "</body>\r\n</html>\r\n")


class Response(NamedTuple):
    status: int
    reason: str
    headers: list
    body: str


def image_name(image: str) -> tuple[str, str]:
    """("nginx", "1.27") from "docker.io/library/nginx:1.27"."""
    ref = image.split("@", 1)[0]
    name, tag = ref, "latest"
    last = ref.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = ref.rsplit(":", 1)
    for prefix in ("docker.io/library/", "docker.io/", "index.docker.io/library/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    return name, tag


def _arg(container: dict, flag: str) -> str | None:
    for a in list(container.get("command") or []) + list(container.get("args") or []):
        if isinstance(a, str) and a.startswith(flag + "="):
            return a.split("=", 1)[1]
    return None


def listening_ports(container: dict) -> list[int]:
    """The TCP ports a container's process listens on."""
    name, _ = image_name(container.get("image") or "")
    base = name.rsplit("/", 1)[-1]
    if base in ("nginx", "nginx-slim", "httpd", "hpa-example", "whoami", "echoserver"):
        return [80] if base != "echoserver" else [8080]
    if base == "nginx-unprivileged":
        return [8080]
    if base == "http-echo":
        listen = _arg(container, "-listen") or ":5678"
        return [int(listen.rsplit(":", 1)[-1])]
    if base == "agnhost":
        cmd = list(container.get("command") or []) + list(container.get("args") or [])
        if "netexec" in cmd or "serve-hostname" in cmd:
            port = _arg(container, "--http-port")
            return [int(port) if port else (9376 if "serve-hostname" in cmd else 8080)]
        return []
    if base in ("kubernetes-bootcamp", "node-hello"):
        return [8080]
    if base in ("hello-app", "serve_hostname"):
        return [8080 if base == "hello-app" else 9376]
    if base in ("hello-go-gke", "hello-frontend"):
        return [80]
    if base == "redis":
        return [6379]
    if base in ("postgres",):
        return [5432]
    if base in ("mysql", "mariadb"):
        return [3306]
    if base == "xtrabackup":
        return [3307]  # the replicated MySQL page's sidecar serves backups there (kubelet/xtrabackup.py)
    if base == "mongo":
        return [27017]
    if base in ("wordpress", "gb-frontend"):
        return [80]
    if base == "gb-redis-follower":
        return [6379]
    if base == "kubernetes-zookeeper":  # start-zookeeper's client and election ports (its flags, else 2181, 3888)
        script = " ".join(str(x) for x in list(container.get("command") or []) + list(container.get("args") or []))
        ports = [re.search(rf"--{flag}=(\d+)", script) for flag in ("client_port", "election_port")]
        return [int(m.group(1)) if m else default for m, default in zip(ports, (2181, 3888))]
    return []


def _headers(server: str, body: str, ctype: str, date: str) -> list:
    h = []
    if server:
        h.append(("Server", server))
    h += [("Date", date), ("Content-Type", ctype), ("Content-Length", str(len(body.encode())))]
    return h


def service_health(namespace: str, name: str, local_endpoints: int, date: str) -> Response:
    """kube-proxy's answer on a Service's healthCheckNodePort, any path (pkg/proxy/healthcheck/
    service_health.go hcHandler.ServeHTTP): 200 while the node has a local endpoint, else 503;
    the JSON is a dedented template without its outer newlines. Go writes the handler's headers
    sorted, then Date and Content-Length."""
    body = (f'{{\n\t"service": {{\n\t\t"namespace": "{namespace}",\n\t\t"name": "{name}"\n\t}},\n'
            f'\t"localEndpoints": {local_endpoints},\n\t"serviceProxyHealthy": true\n}}')
    headers = [("Content-Type", "application/json"), ("X-Content-Type-Options", "nosniff"),
               ("X-Load-Balancing-Endpoint-Weight", str(local_endpoints)), ("Date", date),
               ("Content-Length", str(len(body.encode())))]
    if local_endpoints:
        return Response(200, "OK", headers, body)
    return Response(503, "Service Unavailable", headers, body)


# nginx's default.conf: location / { root /usr/share/nginx/html; index index.html index.htm; }
NGINX_ROOT = "/usr/share/nginx/html"
# nginx's mime.types, for what a learner writes into the document root (else default_type application/octet-stream)
_NGINX_TYPES = {"html": "text/html", "htm": "text/html", "txt": "text/plain", "css": "text/css",
                "js": "application/javascript", "json": "application/json", "xml": "text/xml"}


def _nginx(path: str, version: str, date: str, read_file) -> Response:
    """nginx serving its document root: the files in the container (a volume mounted there included)."""
    server = f"nginx/{version}"
    path = path.split("?", 1)[0] or "/"
    body = None
    if read_file is None:  # no view of the container's files: the image's own page
        body = NGINX_INDEX if path in ("/", "/index.html") else None
        name = "index.html"
    elif path.endswith("/"):
        for index in ("index.html", "index.htm"):
            name = index
            body = read_file(NGINX_ROOT + path + index)
            if body is not None:
                break
        else:
            # a directory without an index file, autoindex off: 403
            err = _nginx_error(403, "Forbidden", version)
            return Response(403, "Forbidden", _headers(server, err, "text/html", date) + [("Connection", "keep-alive")], err)
    else:
        name = path.rsplit("/", 1)[-1]
        body = read_file(NGINX_ROOT + path)
    if body is None:
        err = _nginx_error(404, "Not Found", version)
        return Response(404, "Not Found", _headers(server, err, "text/html", date) + [("Connection", "keep-alive")], err)
    ctype = _NGINX_TYPES.get(name.rsplit(".", 1)[-1] if "." in name else "", "application/octet-stream")
    h = _headers(server, body, ctype, date)
    if body == NGINX_INDEX:
        h += [("Last-Modified", "Tue, 26 Nov 2024 15:55:00 GMT"), ("Connection", "keep-alive"),
              ("ETag", '"6745ef54-267"'), ("Accept-Ranges", "bytes")]
    else:
        h += [("Connection", "keep-alive"), ("Accept-Ranges", "bytes")]
    return Response(200, "OK", h, body)


def respond(pod: dict, container: dict, method: str, path: str, host: str, date: str, client_ip: str = "",
            read_file=None, database_up: bool = True, redis=None, agent: str = "curl/8.11.1") -> Response | None:
    """The HTTP answer of ``container`` in ``pod``; None when it does not speak HTTP.

    ``read_file(path)`` reads the container's files (None when absent), for servers
    that serve them (nginx's document root); ``database_up`` says whether a site's
    database (``database_of``) answers; ``redis(host, argv)`` is a Redis client in the
    pod (redis_client.call), for the guestbook; ``agent`` is the client's User-Agent
    (curl sends ``Accept: */*`` too, busybox wget ``Connection: close``)."""
    name, tag = image_name(container.get("image") or "")
    base = name.rsplit("/", 1)[-1]
    pod_name = pod["metadata"]["name"]
    pod_ip = (pod.get("status") or {}).get("podIP") or ""
    if base in ("nginx", "nginx-unprivileged", "nginx-slim"):
        version = tag if tag.count(".") == 2 and isdigits(tag.replace(".", "")) else NGINX_VERSION
        return _nginx(path, version, date, read_file)
    if base == "httpd":
        body = "<html><body><h1>It works!</h1></body></html>\n"
        return Response(200, "OK", _headers("Apache/2.4.62 (Unix)", body, "text/html", date), body)
    if base == "hpa-example":
        body = "OK!"
        return Response(200, "OK", _headers("Apache/2.4.10 (Debian)", body, "text/html; charset=UTF-8", date)
                        + [("X-Powered-By", "PHP/5.6.13")], body)
    if base == "http-echo":
        body = (_arg(container, "-text") or "hello-world") + "\n"
        return Response(200, "OK", _headers("", body, "text/plain; charset=utf-8", date)
                        + [("X-App-Name", "http-echo"), ("X-App-Version", "1.0.0")], body)
    if base == "whoami":
        body = (f"Hostname: {pod_name}\nIP: 127.0.0.1\nIP: {pod_ip}\nRemoteAddr: {client_ip}:54321\n"
                f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: curl/8.11.1\r\nAccept: */*\r\n\r\n")
        return Response(200, "OK", _headers("", body, "text/plain; charset=utf-8", date), body)
    if base == "agnhost":
        if path == "/hostname" or "serve-hostname" in (container.get("args") or []):
            body = pod_name
        else:
            body = f"NOW: {date}"
        return Response(200, "OK", _headers("", body, "text/plain; charset=utf-8", date), body)
    if base == "serve_hostname":  # fmt.Fprintf(w, "%s", hostname): no newline
        return Response(200, "OK", _headers("", pod_name, "text/plain; charset=utf-8", date), pod_name)
    if base == "hello-app":  # quickstarts/hello-app/main.go, the 1.0 and 2.0 tags
        body = f"Hello, world!\nVersion: {tag[:1]}.0.0\nHostname: {pod_name}\n"
        return Response(200, "OK", _headers("", body, "text/plain; charset=utf-8", date), body)
    if base == "hello-go-gke":  # the greeter connecting-frontend-backend.md shows [approximate headers]
        body = '{"message":"Hello"}'
        return Response(200, "OK", _headers("", body, "application/json", date), body)
    if base == "kubernetes-bootcamp":  # server.js (kubernetes/website tutorials/kubernetes-basics/explore)
        version = "2" if tag == "v2" else "1"
        body = f"Hello Kubernetes bootcamp! | Running on: {pod_name} | v={version}\n"
        return Response(200, "OK", [("Content-Type", "text/plain"), ("Date", date), ("Connection", "keep-alive"),
                                    ("Transfer-Encoding", "chunked")], body)
    if base == "node-hello":  # server.js: writeHead(200) and end("Hello Kubernetes!"), no Content-Type
        body = "Hello Kubernetes!"
        return Response(200, "OK", [("Date", date), ("Connection", "keep-alive"), ("Transfer-Encoding", "chunked")], body)
    if base == "mongo":  # mongod's answer to HTTP on its wire-protocol port (it closes the connection after it)
        body = "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n"
        return Response(200, "OK", [("Connection", "close"), ("Content-Type", "text/plain"),
                                    ("Content-Length", str(len(body)))], body)
    if base == "wordpress":
        return _wordpress(path, host, date, database_up)
    if base == "gb-frontend":
        from clusters.network import guestbook  # it answers with this module's Response

        env = {e.get("name"): e.get("value") for e in container.get("env") or () if isinstance(e, dict)}
        return guestbook.respond(path, host, date, env, redis)
    if base == "echoserver":
        body = _echoserver(tag, pod_name, method, path, host, client_ip, agent)
        return Response(200, "OK", _headers("echoserver", body, "text/plain", date), body)
    return None


def _echoserver(tag: str, pod_name: str, method: str, path: str, host: str, client_ip: str, agent: str) -> str:
    """echoserver's page (kubernetes test/images/echoserver: nginx with a Lua template), as 1.10 prints
    it, or 1.4 and older (its CLIENT VALUES page). ``request_uri`` is nginx's $host (no port) with
    the port nginx listens on; the headers are the request's, sorted by name: curl's Accept, Host and
    User-Agent, or busybox wget's Connection, Host and User-Agent. The body's lines as the image
    prints them are seen in many published transcripts; the end of the 1.10 page [approximate]."""
    headers = ([("connection", "close")] if agent == "Wget" else [("accept", "*/*")]) + \
        [("host", host), ("user-agent", agent)]
    uri = f"http://{host.rsplit(':', 1)[0] if host.count(':') == 1 else host}:8080{path}"
    query = path.partition("?")[2]
    minor = tag.split(".")[1] if tag.count(".") == 1 and tag.split(".")[1].isdigit() else "10"
    if int(minor) < 10:
        return (f"CLIENT VALUES:\nclient_address={client_ip}\ncommand={method}\nreal path={path}\n"
                f"query={query or 'nil'}\nrequest_version=1.1\nrequest_uri={uri}\n\nSERVER VALUES:\n"
                "server_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\n"
                + "".join(f"{k}={v}\n" for k, v in headers) + "BODY:\n-no body in request-")
    return (f"\n\nHostname: {pod_name}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n"
            f"\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address={client_ip}\n"
            f"\tmethod={method}\n\treal path={path}\n\tquery={query}\n\trequest_version=1.1\n\trequest_scheme=http\n"
            f"\trequest_uri={uri}\n\nRequest Headers:\n" + "".join(f"\t{k}={v}\n" for k, v in headers)
            + "\nRequest Body:\n\t-no body in request-\n\n")


# WordPress before its install: every page sends the browser to the installer, which asks for a language;
# with its database out of reach, an error page instead (wp-includes/load.php dead_db). The headers are
# WordPress's on Apache and PHP; the pages are short stand-ins written here, not WordPress's HTML
# [approximate].
_WP_SERVER = "Apache/2.4.56 (Debian)"
_WP_PHP = "PHP/8.0.28"
WORDPRESS_INSTALL = ("<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<title>WordPress &rsaquo; Installation</title>\n"
                     "</head>\n<body class=\"wp-core-ui language-chooser\">\n<p>Select a default language</p>\n"
                     "<!-- the language chooser of wp-admin/install.php; the simulation does not reproduce its page -->\n"
                     "</body>\n</html>\n")
WORDPRESS_DB_ERROR = ("<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n<title>Database Error</title>\n</head>\n<body>\n"
                      "<h1>Error establishing a database connection</h1>\n</body>\n</html>\n")


def database_of(container: dict) -> tuple[str, int] | None:
    """(host, port) of the database a site's container uses: WordPress's WORDPRESS_DB_HOST (default
    "mysql", port 3306, as the image's wp-config-docker.php reads it)."""
    name, _ = image_name(container.get("image") or "")
    if name.rsplit("/", 1)[-1] != "wordpress":
        return None
    env = {e.get("name"): e.get("value") for e in container.get("env") or () if isinstance(e, dict)}
    host, _, port = (env.get("WORDPRESS_DB_HOST") or "mysql").partition(":")
    return host, int(port) if port.isdigit() else 3306


def _wordpress(path: str, host: str, date: str, database_up: bool) -> Response:
    php = [("X-Powered-By", _WP_PHP)]
    if not database_up:
        body = WORDPRESS_DB_ERROR
        return Response(500, "Internal Server Error", [("Date", date), ("Server", _WP_SERVER)] + php
                        + [("Content-Length", str(len(body.encode()))), ("Content-Type", "text/html; charset=UTF-8")], body)
    if path.split("?", 1)[0] == "/wp-admin/install.php":
        body = WORDPRESS_INSTALL
        return Response(200, "OK", [("Date", date), ("Server", _WP_SERVER)] + php
                        + [("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"),
                           ("Cache-Control", "no-cache, must-revalidate, max-age=0"),
                           ("Content-Length", str(len(body.encode()))), ("Content-Type", "text/html; charset=utf-8")],
                        body)
    return Response(302, "Found", [("Date", date), ("Server", _WP_SERVER)] + php
                    + [("Expires", "Wed, 11 Jan 1984 05:00:00 GMT"),
                       ("Cache-Control", "no-cache, must-revalidate, max-age=0"), ("X-Redirect-By", "WordPress"),
                       ("Location", f"http://{host}/wp-admin/install.php"), ("Content-Length", "0"),
                       ("Content-Type", "text/html; charset=UTF-8")], "")


# Images whose server is a reverse proxy: nginx's proxy_pass to a Service by name (hello-frontend's
# upstream is the backend Service "hello", connecting-frontend-backend.md), and the nginx version they run
# [approximate].
PROXIES = {"hello-frontend": ("http://hello", "1.17.3")}


def proxy_upstream(container: dict) -> tuple[str, str] | None:
    """(upstream URL, nginx version) for a container that proxies every request, else None."""
    name, _ = image_name(container.get("image") or "")
    return PROXIES.get(name.rsplit("/", 1)[-1])


def proxied(upstream: Response | None, failure: str, version: str, date: str) -> Response:
    """What nginx answers for a proxied request: the upstream's answer under nginx's Server header, or
    502 Bad Gateway when it could not connect, 504 when the connection timed out (ngx_http_upstream)."""
    server = f"nginx/{version}"
    if upstream is not None:
        headers = [(k, v) for k, v in upstream.headers if k not in ("Server", "Date", "Connection")]
        return Response(upstream.status, upstream.reason,
                        [("Server", server), ("Date", date)] + headers + [("Connection", "keep-alive")], upstream.body)
    code, reason = (504, "Gateway Time-out") if failure == "timeout" else (502, "Bad Gateway")
    err = _nginx_error(code, reason, version)
    return Response(code, reason, _headers(server, err, "text/html", date) + [("Connection", "keep-alive")], err)


def container_on_port(pod: dict, port: int) -> dict | None:
    """The running container listening on ``port`` in ``pod``, if any."""
    statuses = {s.get("name"): s for s in (pod.get("status") or {}).get("containerStatuses") or ()}
    for c in (pod.get("spec") or {}).get("containers") or ():
        st = statuses.get(c["name"])
        if st is not None and "running" not in (st.get("state") or {}):
            continue
        if port in listening_ports(c):
            return c
    return None
