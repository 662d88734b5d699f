"""``curl`` and ``wget`` inside a pod (or on the console host), over the modelled network.

A request resolves the host with ``dns.resolve``, follows ``services.route``
to a pod and port, and asks ``http.respond`` what the container there serves.
Failures print as curl 8 and busybox wget print them:

- unknown name: ``curl: (6) Could not resolve host: web`` / ``wget: bad address 'web'``;
- a Service without ready endpoints (kube-proxy REJECT), or a pod port nobody
  listens on: ``curl: (7) Failed to connect to web port 80 after 1 ms: Couldn't connect to server``;
- an address nothing answers (a ClusterIP port the Service lacks, a ClusterIP
  from outside the cluster): the kernel gives up after its SYN retries, about
  130 s, ``curl: (28) Failed to connect to ... after 130512 ms: Couldn't connect to server``
  (``-m``/``--connect-timeout`` shorten it).

``Result.elapsed`` is the virtual time the command would take; the console
decides whether to advance the clock by it. The progress meter curl writes to
a non-terminal stderr is left out.
"""
from __future__ import annotations

import calendar
from typing import NamedTuple

from clusters import timeutil
from clusters.network import dns, http, ping, redis_client, services

CURL_VERSION = "8.11.1"
WGET_AGENT = "Wget"  # busybox wget.c: "User-Agent: Wget" unless -U
# tool_operate.c CURL_CA_CERT_ERRORMSG, after a certificate error (60)
CA_CERT_ERROR = ("More details here: https://curl.se/docs/sslcerts.html\n\n"
                 "curl failed to verify the legitimacy of the server and therefore could not\n"
                 "establish a secure connection to it. To learn more about this situation and\n"
                 "how to fix it, please visit the webpage mentioned above.")
# Linux tcp_syn_retries=6: connect() gives up after about 127 s plus scheduling.
SYN_TIMEOUT_MS = (129_000, 136_000)


class Result(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str
    elapsed: float = 0.0

    @property
    def output(self) -> str:
        return self.stderr + self.stdout if self.exit_code else self.stdout + self.stderr


class Written(Result):
    """A Result that also keeps the order its streams were written in: ``chunks``, ("out"|"err", text)
    pairs, for a terminal that shows both (curl -v's lines come before the body they announce)."""

    chunks: tuple = ()


def _written(code: int, stdout: str, stderr: str, elapsed: float, chunks: list) -> Written:
    r = Written(code, stdout, stderr, elapsed)
    r.chunks = tuple(chunks)
    return r


class URL(NamedTuple):
    scheme: str
    host: str
    port: int
    path: str


class UsageError(ValueError):
    pass


def parse_url(url: str) -> URL:
    scheme = "http"
    rest = url
    if "://" in url:
        scheme, rest = url.split("://", 1)
        scheme = scheme.lower()
    hostport, _, path = rest.partition("/")
    path = "/" + path
    if "?" in hostport:
        hostport, _, q = hostport.partition("?")
        path = "/?" + q
    if "@" in hostport:
        hostport = hostport.rsplit("@", 1)[1]
    host, port = hostport, None
    if hostport.startswith("["):
        host, _, tail = hostport[1:].partition("]")
        port = tail[1:] if tail.startswith(":") else None
    elif ":" in hostport:
        host, port = hostport.rsplit(":", 1)
    if not host:
        raise UsageError("URL rejected: No host part in the URL")
    default = 443 if scheme == "https" else 80
    try:
        p = int(port) if port else default
    except ValueError:
        raise UsageError(f"URL rejected: Port number was not a decimal number between 0 and 65535")
    return URL(scheme, host, p, path)


def http_date(cluster) -> str:
    """RFC 7231 IMF-fixdate of the virtual now."""
    ts = timeutil.rfc3339(cluster.epoch + cluster.clock.now)  # 2025-06-02T09:00:00Z
    y, mo, d = int(ts[0:4]), int(ts[5:7]), int(ts[8:10])
    wd = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[calendar.weekday(y, mo, d)]
    mon = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[mo - 1]
    return f"{wd}, {d:02d} {mon} {y} {ts[11:19]} GMT"


class Exchange(NamedTuple):
    """What happened to one request, before any tool formats it."""
    outcome: str                      # "dns", "refused", "timeout", "not-http", "tls", "untrusted", "empty", "response"
    ip: str = ""
    response: http.Response | None = None
    pod: dict | None = None
    answer: dns.Answer | None = None


def exchange(cluster, from_pod: dict | None, url: URL, method: str = "GET", depth: int = 0,
             agent: str = "", request: Request | None = None) -> Exchange:
    """One request of a client (``agent``: its User-Agent, curl's by default) in ``from_pod``;
    ``request`` carries its headers, body and whether it trusts the server's certificate."""
    ans = dns.resolve(cluster, from_pod, url.host)
    if not ans.ok or not ans.addresses:
        return Exchange("dns", answer=ans)
    ip = ans.addresses[0]
    r = services.route(cluster, from_pod, ip, url.port)
    if r.outcome == "apiserver":
        # The API server's answer is the console language's (clusters.console.apiserver_port), which
        # sits above this layer: the package hands it to the Cluster class, as it hands the Console in.
        serve = getattr(type(cluster), "apiserver_port", None)
        if serve is None:
            return Exchange("refused", ip=ip, answer=ans)
        return serve(cluster, url, method, request or Request(), ip)._replace(answer=ans)
    if r.outcome == "healthz":
        m = r.service["metadata"]
        resp = http.service_health(m["namespace"], m["name"], services.local_endpoints(cluster, r.service, r.node),
                                   http_date(cluster))
        return Exchange("response", ip=ip, response=resp, answer=ans)
    if r.outcome != "connect":
        return Exchange(r.outcome, ip=ip, answer=ans)
    pod = r.pod
    if (pod.get("status") or {}).get("phase") != "Running":
        return Exchange("refused", ip=ip, pod=pod, answer=ans)
    container = http.container_on_port(pod, r.port)
    if container is None:
        return Exchange("refused", ip=ip, pod=pod, answer=ans)
    return exchange_with(cluster, pod, container, r.port, url, method, r.source, ip=ip, answer=ans, depth=depth,
                         agent=agent)


def exchange_with(cluster, pod: dict, container: dict, port: int, url: URL, method: str, client_ip: str,
                  ip: str = "", answer: dns.Answer | None = None, depth: int = 0, agent: str = "") -> Exchange:
    """A request on a connection already made to ``container`` listening on ``port`` in ``pod`` (by
    ``exchange``, or by ``kubectl port-forward`` from inside the pod's network namespace)."""
    ip = ip or "127.0.0.1"
    ans = answer
    if url.scheme == "https":
        return Exchange("tls", ip=ip, pod=pod, answer=ans)
    host = url.host if url.port in (80, 443) else f"{url.host}:{url.port}"
    kubelet = (getattr(cluster, "kubelets", None) or {}).get((pod.get("spec") or {}).get("nodeName"))
    read_file = None
    if kubelet is not None and hasattr(kubelet, "file_reader"):
        m = pod["metadata"]
        read_file = kubelet.file_reader(m.get("namespace", "default"), m["name"], container["name"])
    proxy = http.proxy_upstream(container)
    if proxy is not None and depth < 2:
        # nginx's proxy_pass: a request of its own from this pod to the upstream Service, by name
        up = exchange(cluster, pod, parse_url(proxy[0] + url.path), method, depth + 1)
        resp = http.proxied(up.response, up.outcome, proxy[1], http_date(cluster))
    else:
        db = http.database_of(container)
        up = db is None or depth >= 2 or _reachable(cluster, pod, db[0], db[1])

        def redis(host_: str, argv: list) -> redis_client.Reply:  # the page's Redis client, in its pod
            return redis_client.call(cluster, pod, host_, 6379, argv)
        resp = http.respond(pod, container, method, url.path, host, http_date(cluster), client_ip, read_file, up,
                            redis, agent or f"curl/{CURL_VERSION}")
    if resp is None:
        return Exchange("not-http", ip=ip, pod=pod, answer=ans)
    if kubelet is not None and hasattr(kubelet, "record_request"):  # the container logs the request it served
        kubelet.record_request(pod["metadata"].get("namespace", "default"), pod["metadata"]["name"], port, method,
                               url.path, resp.status, len(resp.body.encode()), client_ip, agent or f"curl/{CURL_VERSION}")
    return Exchange("response", ip=ip, response=resp, pod=pod, answer=ans)


def connect(cluster, from_pod: dict | None, host: str, port: int) -> tuple[str, dict | None, int]:
    """A TCP connection from ``from_pod`` to ``host:port``: ("connect", the pod reached, its port), or the
    failure ("dns", "refused", "timeout") with no pod."""
    ans = dns.resolve(cluster, from_pod, host)
    if not ans.ok or not ans.addresses:
        return "dns", None, 0
    r = services.route(cluster, from_pod, ans.addresses[0], port)
    if r.outcome in ("healthz", "apiserver"):
        return "refused", None, 0  # an HTTP server, but no pod behind it for a raw client to talk to
    if r.outcome != "connect":
        return r.outcome, None, 0
    if (r.pod.get("status") or {}).get("phase") != "Running" or http.container_on_port(r.pod, r.port) is None:
        return "refused", None, 0
    return "connect", r.pod, r.port


def _reachable(cluster, from_pod: dict, host: str, port: int) -> bool:
    """Whether a TCP connection from ``from_pod`` to ``host:port`` reaches a running server."""
    return connect(cluster, from_pod, host, port)[0] == "connect"


def _ms_refused(cluster) -> int:
    return cluster.rand.randint(0, 2)


def _ms_timeout(cluster) -> int:
    return cluster.rand.randint(*SYN_TIMEOUT_MS)


# -- curl -----------------------------------------------------------------------

class Request(NamedTuple):
    """What curl sends besides its method and URL: ``-H`` headers as typed and the ``-d`` body (None: none);
    ``trusting``: whether a server's certificate is accepted (``-k``/``--insecure``, or ``--cacert`` naming
    the CA that signed it)."""
    headers: tuple = ()
    body: str | None = None
    trusting: bool = False

    def header(self, name: str) -> str | None:
        """The last ``-H`` value for ``name`` (case-insensitive), as curl sends the last one given."""
        found = None
        for k, v in self.headers:
            if k.lower() == name.lower():
                found = v
        return found


# curl 7.88 tool_getparam.c: options that take a value, long and short.
_CURL_VALUED = {"--output": "o", "--write-out": "w", "--max-time": "m", "--connect-timeout": "", "--request": "X",
                "--header": "H", "--data": "d", "--data-ascii": "d", "--data-binary": "", "--data-raw": "",
                "--user-agent": "A", "--retry": "", "--cacert": ""}
_CURL_SHORT_VALUED = "owmXHdA"


def curl(cluster, from_pod: dict | None, argv: list[str], local=None, read_file=None, write_file=None) -> Result:
    """``curl ARGS`` (argv without the program name). ``local(url, method, request)`` may answer a URL first
    with an Exchange (a server on the client's own host, such as the console's ``kubectl proxy``), or None.
    ``read_file(path)`` gives ``-d @path``'s text (``-`` is standard input; None: unreadable) and
    ``write_file(path, text)`` keeps what ``-o path`` saves."""
    silent = show_errors = include = head = fail = verbose = False
    output = None
    write_out = ""
    method = None
    max_time = connect_timeout = None
    urls: list[str] = []
    headers: list[tuple[str, str]] = []
    data: list[str] = []
    warnings = ""
    trusting = False

    def add_data(kind: str, val: str) -> None:
        # tool_getparam.c: -d/--data-ascii and --data-binary read "@file" ("@-": stdin), -d dropping its
        # CR and LF; --data-raw takes "@" as it is. Several are joined with "&".
        nonlocal warnings
        if kind != "raw" and val.startswith("@"):
            name = val[1:]
            text = read_file(name) if read_file is not None else None
            if text is None:
                warnings += f'Warning: Couldn\'t read data from file "{name}", this makes an empty POST.\n'
                text = ""
            val = text if kind == "binary" else text.replace("\r", "").replace("\n", "")
        data.append(val)

    def add_header(val: str) -> None:
        name, colon, value = val.partition(":")
        if colon:
            headers.append((name.strip(), value.strip()))

    i = 0
    try:
        while i < len(argv):
            a = argv[i]
            if a.startswith("--"):
                name, eq, val = a.partition("=")
                if name in _CURL_VALUED and not eq:
                    i += 1
                    if i >= len(argv):
                        raise UsageError(f"option {name}: requires parameter")
                    val = argv[i]
                if name == "--silent":
                    silent = True
                elif name == "--show-error":
                    show_errors = True
                elif name == "--include":
                    include = True
                elif name == "--head":
                    head = True
                elif name == "--fail":
                    fail = True
                elif name == "--verbose":
                    verbose = True
                elif name == "--output":
                    output = val
                elif name == "--write-out":
                    write_out = val
                elif name == "--max-time":
                    max_time = float(val)
                elif name == "--connect-timeout":
                    connect_timeout = float(val)
                elif name == "--request":
                    method = val
                elif name == "--header":
                    add_header(val)
                elif name in ("--data", "--data-ascii"):
                    add_data("ascii", val)
                elif name == "--data-binary":
                    add_data("binary", val)
                elif name == "--data-raw":
                    add_data("raw", val)
                elif name in ("--insecure", "--cacert"):
                    trusting = True
                elif name in ("--user-agent", "--retry", "--location", "--no-progress-meter"):
                    pass
                else:
                    raise UsageError(f"option {name}: is unknown")
            elif a.startswith("-") and len(a) > 1:
                j = 1
                while j < len(a):
                    ch = a[j]
                    if ch in _CURL_SHORT_VALUED:
                        val = a[j + 1:] if j + 1 < len(a) else None
                        if val is None:
                            i += 1
                            if i >= len(argv):
                                raise UsageError(f"option -{ch}: requires parameter")
                            val = argv[i]
                        if ch == "o":
                            output = val
                        elif ch == "w":
                            write_out = val
                        elif ch == "m":
                            max_time = float(val)
                        elif ch == "X":
                            method = val
                        elif ch == "H":
                            add_header(val)
                        elif ch == "d":
                            add_data("ascii", val)
                        break
                    if ch == "s":
                        silent = True
                    elif ch == "S":
                        show_errors = True
                    elif ch == "i":
                        include = True
                    elif ch == "I":
                        head = True
                    elif ch == "f":
                        fail = True
                    elif ch == "v":
                        verbose = True
                    elif ch == "k":
                        trusting = True
                    elif ch in "LqO":  # -O saves under the URL's name: nothing arrives here to save
                        pass
                    else:
                        raise UsageError(f"option -{ch}: is unknown")
                    j += 1
            else:
                urls.append(a)
            i += 1
    except (UsageError, ValueError) as e:
        msg = str(e) if isinstance(e, UsageError) else "option: expected a proper numerical parameter"
        return Result(2, "", f"curl: {msg}\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
    if not urls:
        return Result(2, "", "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
    body = "&".join(data) if data else None
    if body is not None:
        # http.c: a body sends its length, then curl's own form type unless a -H names one.
        typed = any(k.lower() == "content-type" for k, _ in headers)
        headers.append(("Content-Length", str(len(body.encode()))))
        if not typed:
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
    request = Request(tuple(headers), body, trusting)
    default_method = "HEAD" if head else ("POST" if body is not None else "GET")

    stdout = stderr = ""
    chunks: list[tuple[str, str]] = []  # both streams in the order curl writes them

    def out(text: str) -> None:
        nonlocal stdout
        stdout += text
        chunks.append(("out", text))

    def err_(text: str) -> None:
        nonlocal stderr
        stderr += text
        chunks.append(("err", text))

    if not silent:  # tool_msgs.c warnf: -s mutes warnings
        err_(warnings)
    elapsed = 0.0
    code = 0
    for raw in urls:
        try:
            url = parse_url(raw)
        except UsageError as e:
            err_(f"curl: (3) {e}\n")
            return _written(3, stdout, stderr, elapsed, chunks)
        ex = local(url, method or default_method, request) if local is not None else None
        if ex is None:
            ex = exchange(cluster, from_pod, url, method or default_method, request=request)
        err = ""
        http_code = "000"
        if ex.outcome == "dns":
            code, err = 6, f"curl: (6) Could not resolve host: {url.host}"
            if ex.answer is not None and ex.answer.rcode == "TIMEOUT":
                elapsed += 10.0  # two 5 s attempts (resolv.conf timeout:5 attempts:2)
        elif ex.outcome == "refused":
            ms = _ms_refused(cluster)
            code, err = 7, f"curl: (7) Failed to connect to {url.host} port {url.port} after {ms} ms: Couldn't connect to server"
            elapsed += ms / 1000
        elif ex.outcome == "timeout":
            limit = min(x for x in (max_time, connect_timeout, None) if x is not None) if (max_time or connect_timeout) else None
            if limit is not None and limit * 1000 < SYN_TIMEOUT_MS[0]:
                ms = int(limit * 1000) + cluster.rand.randint(0, 2)
                if connect_timeout is not None and (max_time is None or connect_timeout <= max_time):
                    err = f"curl: (28) Failed to connect to {url.host} port {url.port} after {ms} ms: Timeout was reached"
                else:
                    err = f"curl: (28) Connection timed out after {ms} milliseconds"
            else:
                ms = _ms_timeout(cluster)
                err = f"curl: (28) Failed to connect to {url.host} port {url.port} after {ms} ms: Couldn't connect to server"
            code = 28
            elapsed += ms / 1000
        elif ex.outcome == "not-http":
            code, err = 1, "curl: (1) Received HTTP/0.9 when not allowed"
        elif ex.outcome == "empty":  # connected, then closed before any answer
            code, err = 52, "curl: (52) Empty reply from server"
        elif ex.outcome == "tls":
            code, err = 35, "curl: (35) OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number"
        elif ex.outcome == "untrusted":  # a certificate no CA curl trusts has signed (kind's own CA)
            code, err = 60, "curl: (60) SSL certificate problem: unable to get local issuer certificate\n" + CA_CERT_ERROR
        else:
            resp = ex.response
            http_code = str(resp.status)
            head_text = f"HTTP/1.1 {resp.status} {resp.reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in resp.headers) + "\r\n"
            if fail and resp.status >= 400:
                code, err = 22, f"curl: (22) The requested URL returned error: {resp.status}"
            else:
                body = "" if head else resp.body
                text = (head_text if (include or head) else "") + body
                if verbose:
                    err_(f"*   Trying {ex.ip}:{url.port}...\n* Connected to {url.host} ({ex.ip}) port {url.port}\n"
                         + _sent(method or default_method, url, request)
                         + "".join(f"< {line}\n" for line in head_text.rstrip("\r\n").split("\r\n")) + "< \n")
                if output in ("/dev/null",):
                    pass
                elif output and output != "-":
                    if write_file is not None:
                        write_file(output, text)
                else:
                    out(text)
        if err:
            if verbose and ex.outcome in ("refused", "timeout"):
                err_(f"*   Trying {ex.ip}:{url.port}...\n")
            if not silent or show_errors:
                err_(err + "\n")
        if write_out:
            out(_write_out(write_out, http_code, ex.ip))
    return _written(code, stdout, stderr, elapsed, chunks)


def _sent(method: str, url: URL, request: Request) -> str:
    """-v's request lines (http.c Curl_http: Host, User-Agent, Accept, then -H headers in order; a body's
    Content-Length and default Content-Type last)."""
    host = url.host if url.port == 80 else f"{url.host}:{url.port}"
    lines = [f"{method} {url.path} HTTP/1.1", f"Host: {host}", f"User-Agent: curl/{CURL_VERSION}", "Accept: */*"]
    lines += [f"{k}: {v}" for k, v in request.headers]
    return "".join(f"> {line}\n" for line in lines) + "> \n"


def _write_out(fmt: str, http_code: str, ip: str) -> str:
    out = fmt.replace("%{http_code}", http_code).replace("%{response_code}", http_code).replace("%{remote_ip}", ip)
    return out.replace("\\n", "\n").replace("\\t", "\t")


def http_get(cluster, from_pod: dict | None, url: str) -> tuple[int, str]:
    """``curl URL`` from ``from_pod`` (None: the console host): (exit code, what the terminal shows)."""
    r = curl(cluster, from_pod, [url])
    return r.exit_code, r.output


# -- busybox wget -------------------------------------------------------------------

def wget(cluster, from_pod: dict | None, argv: list[str]) -> Result:
    """busybox ``wget`` (the one in busybox images, used by the HPA walkthrough's load generator)."""
    quiet = False
    out_doc = None
    spider = False
    timeout = None
    check_cert = True
    headers: list[tuple[str, str]] = []
    urls = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:  # getopt32's long options take --name=value too
            name, _, val = a.partition("=")
            if name in ("--timeout", "--output-document", "--header"):
                argv = argv[:i] + [name, val] + argv[i + 1:]
                a = name
        elif a.startswith("-T") and len(a) > 2:
            argv = argv[:i] + ["-T", a[2:]] + argv[i + 1:]
            a = "-T"
        if a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-O", "--output-document"):
            i += 1
            out_doc = argv[i] if i < len(argv) else None
        elif a.startswith("-O") and len(a) > 2:
            out_doc = a[2:]
        elif a == "-qO-" or a == "-q-O-":
            quiet, out_doc = True, "-"
        elif a == "--spider":
            spider = True
        elif a == "--no-check-certificate":
            check_cert = False
        elif a == "--header":
            i += 1
            name, colon, value = (argv[i] if i < len(argv) else "").partition(":")
            if colon:
                headers.append((name.strip(), value.strip()))
        elif a in ("-T", "--timeout"):
            i += 1
            timeout = float(argv[i]) if i < len(argv) else None
        elif a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            for ch in a[1:]:
                if ch == "q":
                    quiet = True
            if a.endswith("O"):
                i += 1
                out_doc = argv[i] if i < len(argv) else None
        else:
            urls.append(a)
        i += 1
    if not urls:
        return Result(1, "", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n")
    stdout = stderr = ""
    elapsed = 0.0
    code = 0
    for raw in urls:
        url = parse_url(raw)
        # busybox's own TLS client checks no certificate: any server's is accepted
        ex = exchange(cluster, from_pod, url, "HEAD" if spider else "GET", agent=WGET_AGENT,
                      request=Request(tuple(headers), None, trusting=True))
        if ex.outcome == "dns":
            return Result(1, stdout, stderr + f"wget: bad address '{url.host}'\n", elapsed)
        if not quiet:
            stderr += f"Connecting to {url.host} ({ex.ip}:{url.port})\n"
        if url.scheme == "https" and check_cert and ex.outcome == "response":
            # wget.c spawn_ssl_client: said once, whatever -q, unless --no-check-certificate
            check_cert = False
            stderr += "wget: note: TLS certificate validation not implemented\n"
        if ex.outcome == "refused":
            return Result(1, stdout, stderr + f"wget: can't connect to remote host ({ex.ip}): Connection refused\n", elapsed)
        if ex.outcome == "timeout":
            if timeout is not None and timeout < 130:
                return Result(1, stdout, stderr + "wget: download timed out\n", elapsed + timeout)
            return Result(1, stdout, stderr + f"wget: can't connect to remote host ({ex.ip}): Connection timed out\n",
                          elapsed + _ms_timeout(cluster) / 1000)
        if ex.outcome in ("not-http", "tls"):
            return Result(1, stdout, stderr + "wget: error getting response: Connection reset by peer\n", elapsed)
        resp = ex.response
        if resp.status >= 400:
            return Result(1, stdout, stderr + f"wget: server returned error: HTTP/1.1 {resp.status} {resp.reason}\n", elapsed)
        if spider:
            if not quiet:
                stderr += "remote file exists\n"
            continue
        if out_doc == "-":
            if not quiet:
                stderr += "writing to stdout\n"
            stdout += resp.body
            if not quiet:
                stderr += f"-                    100% |********************************|   {len(resp.body.encode())}  0:00:00 ETA\nwritten to stdout\n"
        else:
            fname = out_doc or (url.path.rstrip("/").rsplit("/", 1)[-1] or "index.html")
            if not quiet:
                stderr += (f"saving to '{fname}'\n{fname:<20} 100% |********************************|  "
                           f"{len(resp.body.encode()):>4}  0:00:00 ETA\n'{fname}' saved\n")
    return Result(code, stdout, stderr, elapsed)


# -- a tool run by a process in a pod (the container shell's wget/curl/nslookup) -------------

def run_tool(cluster, from_pod: dict | None, argv: list[str]) -> Result:
    """``wget``/``curl``/``nslookup``/``ping`` ARGS (argv with the program name) as a process in ``from_pod``."""
    prog = argv[0].rsplit("/", 1)[-1]
    if prog == "nslookup":
        names = [a for a in argv[1:] if not a.startswith("-")]
        if not names:
            return Result(1, "", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                                 "Usage: nslookup [HOST] [SERVER]\n")
        code, text = dns.nslookup(cluster, from_pod, names[0])
        return Result(code, text, "")
    if prog == "ping":
        return Result(*ping.ping(cluster, from_pod, list(argv[1:])))
    return (curl if prog == "curl" else wget)(cluster, from_pod, list(argv[1:]))
