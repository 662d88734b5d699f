"""The guestbook's PHP frontend (gb-frontend:v5) answering HTTP, as kubernetes.io's
tutorials/stateless-application/guestbook.md runs it.

Its guestbook.php (GoogleCloudPlatform/kubernetes-engine-samples guestbook/php-redis) writes with
``?cmd=set&value=V`` to the Service redis-leader and reads with any other ``cmd`` from
redis-follower, printing ``{"message": "Updated"}`` or ``{"data": "V"}``; without ``cmd`` it prints
phpinfo(). The 2020 revision the tag was built from named the key in ``&key=``; the 2021 one
always uses "guestbook": both are answered (``key`` when given, else "guestbook") [approximate].
GET_HOSTS_FROM=env reads the Service's address from its environment; here both ways resolve
the Service by name [approximate]. A Redis failure is an uncaught Predis exception, which PHP
prints in its HTML error format (display_errors is on) with status 200 [approximate: the stack trace is
left out]. The pages are short stand-ins written here, not the image's files.
"""
from __future__ import annotations

from urllib.parse import parse_qsl

SERVER = "Apache/2.4.38 (Debian)"
PHP = "PHP/7.4.7"
PREDIS = "/usr/local/lib/php/Predis/Connection/AbstractConnection.php"  # pear's install path [approximate]

INDEX = ("<html ng-app=\"redis\">\n<head>\n<title>Guestbook</title>\n<script src=\"controllers.js\"></script>\n</head>\n"
         "<body ng-controller=\"RedisCtrl\">\n<h2>Guestbook</h2>\n"
         "<!-- gb-frontend's index.html: a Messages box and a Submit button that send guestbook.php?cmd=set, and the\n"
         "     entries guestbook.php?cmd=get returns. The simulation does not reproduce the image's page. -->\n"
         "</body>\n</html>\n")
CONTROLLERS = ("// gb-frontend's controllers.js: an AngularJS controller that reads guestbook.php?cmd=get and, on Submit,\n"
               "// sends the entries joined by commas to guestbook.php?cmd=set&value=... (not reproduced here).\n")
PHPINFO = ("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
           "\"DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>\n"
           "<title>PHP 7.4.7 - phpinfo()</title></head>\n<body><div class=\"center\">\n"
           "<h1 class=\"p\">PHP Version 7.4.7</h1>\n"
           "<!-- phpinfo()'s tables of the build, its modules and the environment are not reproduced here -->\n"
           "</div></body></html>\n")
_FAILURES = {"dns": "php_network_getaddresses: getaddrinfo failed: Name or service not known",
             "refused": "Connection refused", "timeout": "Connection timed out"}


def respond(path: str, host: str, date: str, env: dict, redis):
    from clusters.network.http import Response

    route, _, query = path.partition("?")
    if route in ("/", "/index.html", "/controllers.js"):
        body, ctype = (CONTROLLERS, "application/javascript") if route == "/controllers.js" else (INDEX, "text/html")
        return Response(200, "OK", [("Date", date), ("Server", SERVER),
                                    ("Last-Modified", "Wed, 24 Jun 2020 14:28:13 GMT"),  # the image's build [approximate]
                                    ("ETag", f'"{len(body.encode()):x}-5a8d5d3a2c140"'), ("Accept-Ranges", "bytes"),
                                    ("Content-Length", str(len(body.encode()))), ("Vary", "Accept-Encoding"),
                                    ("Content-Type", ctype)], body)
    if route != "/guestbook.php":
        name, _, port = host.partition(":")
        body = ("<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n"
                "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n"
                f"<address>{SERVER} Server at {name} Port {port or 80}</address>\n</body></html>\n")
        return Response(404, "Not Found", [("Date", date), ("Server", SERVER), ("Content-Length", str(len(body.encode()))),
                                           ("Content-Type", "text/html; charset=iso-8859-1")], body)
    params = dict(parse_qsl(query, keep_blank_values=True))  # PHP's $_GET: the last of a name wins
    if "cmd" not in params:
        return _php(date, PHPINFO, "text/html; charset=UTF-8")
    key = params.get("key", "guestbook")
    if params["cmd"] == "set":
        target, argv = "redis-leader", ["SET", key, params.get("value", "")]
    else:
        target, argv = "redis-follower", ["GET", key]
    reply = redis(target, argv) if redis is not None else None
    if reply is None or reply.kind in _FAILURES:
        why = _FAILURES.get(reply.kind if reply is not None else "refused")
        return _php(date, _fatal("Predis\\Connection\\ConnectionException", f"{why} [tcp://{target}:6379]", PREDIS, 155),
                    "application/json")
    if reply.kind == "error":
        return _php(date, _fatal("Predis\\Response\\ServerException", reply.value,
                                 "/usr/local/lib/php/Predis/Client.php", 370), "application/json")
    body = '{"message": "Updated"}' if argv[0] == "SET" else '{"data": "' + reply.value + '"}'
    return _php(date, body, "application/json")


def _fatal(cls: str, message: str, where: str, line: int) -> str:
    """PHP 7.4's HTML report of an uncaught exception (the stack trace left out [approximate])."""
    return (f"<br />\n<b>Fatal error</b>:  Uncaught {cls}: {message} in {where}:{line}\nStack trace:\n"
            f"#0 {{main}}\n  thrown in <b>{where}</b> on line <b>{line}</b><br />\n")


def _php(date: str, body: str, ctype: str):
    from clusters.network.http import Response

    return Response(200, "OK", [("Date", date), ("Server", SERVER), ("X-Powered-By", PHP),
                                ("Content-Length", str(len(body.encode()))), ("Content-Type", ctype)], body)
