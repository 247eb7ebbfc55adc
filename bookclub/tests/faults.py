"""Helpers for fault tests: a TCP proxy that can refuse or swallow connections, and the site served by
gunicorn in production settings, in a process of its own."""

import contextlib
import os
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class Proxy:
    """Forwards 127.0.0.1:port to 127.0.0.1:target. down() refuses every connection (and drops the open
    ones), as a server that has gone away; hang() accepts and never answers; up() forwards again."""

    def __init__(self, target):
        self.target = target
        self.mode = "up"
        self._open = []
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._listener.listen(64)
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self._stop:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == "down":
                client.close()
                continue
            self._open.append(client)
            if self.mode == "hang":
                continue  # accepted, never answered
            try:
                server = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            self._open.append(server)
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, a, b):
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while self.mode == "up":
                for key, _ in selector.select(timeout=0.2):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            pass
        finally:
            a.close(), b.close()

    def _drop_open(self):
        for sock in self._open:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._open = []

    def down(self):
        self.mode = "down"
        self._drop_open()

    def hang(self):
        self.mode = "hang"
        self._drop_open()

    def up(self):
        self._drop_open()
        self.mode = "up"

    def close(self):
        self._stop = True
        self.mode = "down"
        self._listener.close()
        self._drop_open()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """The site under gunicorn (one worker, production settings) in a process of its own."""

    def __init__(self, **env):
        self.port = free_port()
        self.static_root = tempfile.mkdtemp(prefix="bookclub-static-")  # collected for production, hashed
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "bookclub.settings",
            "DEBUG": "0",
            "SECRET_KEY": "fault-tests-only-secret-key-never-anywhere-else-3b1f",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            # Served over plain HTTP here: cookies that only travel over HTTPS would never come back.
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATIC_ROOT": self.static_root,
            **env,
        }

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=120
        )

    def __enter__(self):
        self.log = open(ROOT / ".pytest-faults.log", "w+")
        command = [sys.executable, "-m", "gunicorn", "bookclub.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "1", "--threads", "2", "--timeout", "60"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log)
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url("/health/alive/"), timeout=2)
                return self
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path, timeout=20, **headers):
        """(status, body, seconds taken) of a GET."""
        started = time.monotonic()
        request = urllib.request.Request(self.url(path), headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        return status, body, time.monotonic() - started

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()


def signed_in_opener(site, username, password):
    """A urllib opener holding a session cookie, logged in through the site's own form."""
    import http.cookiejar
    import re
    from urllib.parse import urlencode

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(site.url("/accounts/login/"), timeout=20).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urlencode({"csrfmiddlewaretoken": token, "login": username, "password": password}).encode()
    request = urllib.request.Request(site.url("/accounts/login/"), data=data, headers={"Referer": site.url("/")})
    opener.open(request, timeout=20)
    return opener
