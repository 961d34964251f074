"""A total deadline for an HTTP exchange, held at every socket operation.

httpx's timeouts apply to one socket operation each: a server that sends a byte every few
seconds never trips the read timeout and can keep a request open for hours. Here every
connect, read and write of httpcore's own sockets gets no more time than is left before the
exchange's deadline, so the deadline holds however the server trickles.
"""

from __future__ import annotations

import contextlib
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpcore
import httpx

__all__ = ["DeadlineBackend", "deadline_transport"]


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, with every connect, read and write given no more time than is
    left before the exchange's deadline: a read timeout alone restarts with each byte."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self._local = threading.local()

    @contextlib.contextmanager
    def until(self, deadline: float) -> Iterator[None]:
        self._local.deadline = deadline
        self._local.binding = False
        try:
            yield
        finally:
            self._local.deadline = None

    @property
    def deadline_was_binding(self) -> bool:
        """Whether the last socket operation was given the time left, not its own timeout."""
        return bool(getattr(self._local, "binding", False))

    def cap(self, timeout: float | None, error: type[Exception]) -> float | None:
        deadline: float | None = getattr(self._local, "deadline", None)
        self._local.binding = False
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        self._local.binding = timeout is None or left < timeout
        if left <= 0:
            # A zero socket timeout would mean "non-blocking", not "no time left".
            raise error("the deadline for this request has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, self.cap(timeout, httpcore.ConnectTimeout),
                                         local_address, socket_options)
        return _DeadlineStream(stream, self)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, self.cap(timeout, httpcore.ConnectTimeout), socket_options)
        return _DeadlineStream(stream, self)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, backend: DeadlineBackend) -> None:
        self._inner = inner
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._backend.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._backend.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        stream = self._inner.start_tls(ssl_context, server_hostname,
                                       self._backend.cap(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(stream, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def deadline_transport(limits: httpx.Limits, backend: DeadlineBackend) -> httpx.BaseTransport:
    transport = httpx.HTTPTransport(limits=limits)
    # httpx offers no public way to choose httpcore's network backend; its transport keeps
    # the pool in `_pool` (since 0.18). Without it the deadline still holds between chunks.
    if isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool):
        transport._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )
    return transport
