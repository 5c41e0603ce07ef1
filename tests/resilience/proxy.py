"""A TCP forwarder between Koers and PostgreSQL that a test can pause, cut and bring back.

``stop()`` is the database going away: the port refuses new connections and every open connection is cut,
also one in the middle of a query. ``start()`` brings it back on the same port, so the server's
``DATABASE_URL`` stays valid: the listening socket is kept, bound to its port, for the proxy's whole life
(``stop()`` only stops it listening), so no other socket can take the port meanwhile. ``pause()`` holds
every byte in both directions (a query that hangs) until ``resume()`` or ``stop()``; ``held`` is set once
a byte is being held, so a test knows a request is waiting on the database. ``close()`` ends it for good.

A test that pauses should first wait until no earlier connection can still send a byte
(``wait_until_open``): a connection that the server is closing sends its goodbye to the database, which
would otherwise be held and set ``held`` as if the next request were waiting.
"""

import contextlib
import socket
import threading
import time

CHUNK = 65536
ACCEPT_POLL = 0.05  # seconds between checks whether the listener should stop


def _listener(host: str) -> socket.socket:
    """A socket bound to a free port chosen by the kernel, but bound as an explicit port: such a socket
    keeps its port when it stops listening (Linux), and can listen on it again."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    probe.bind((host, 0))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        # Both have SO_REUSEADDR and neither listens, so the second may bind the port the first holds: the
        # port is never free in between.
        listener.bind(probe.getsockname())
    except OSError:
        listener.close()
        raise
    finally:
        probe.close()
    listener.settimeout(ACCEPT_POLL)
    return listener


class Proxy:
    def __init__(self, target: tuple[str, int], host: str = "127.0.0.1"):
        self.target = target
        self.host = host
        self._listener = _listener(host)
        self.port = self._listener.getsockname()[1]
        self._accepting: threading.Thread | None = None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._sockets: set[socket.socket] = set()
        self._clients: set[socket.socket] = set()  # the server's end of every open connection
        self._threads: list[threading.Thread] = []
        self._flowing = threading.Event()
        self._flowing.set()
        self._running = False
        self.held = threading.Event()
        self.connections = 0  # accepted since the proxy was made

    # Control ------------------------------------------------------------------------------------------

    def start(self) -> "Proxy":
        self._listener.listen(64)
        self._running = True
        self._flowing.set()
        self.held.clear()
        self._accepting = threading.Thread(target=self._accept, args=(self._listener,), daemon=True)
        self._accepting.start()
        return self

    def stop(self) -> None:
        """Refuse new connections and cut every open one."""
        self._running = False
        if self._accepting is not None:
            self._accepting.join()
            self._accepting = None
            # Stops listening (connections are refused, also those waiting to be accepted), keeps the port.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RD)
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
            threads, self._threads = self._threads, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._flowing.set()  # a pump holding bytes wakes up, sees the cut and ends
        for thread in threads:
            thread.join(timeout=5)

    def close(self) -> None:
        self.stop()
        self._listener.close()

    def pause(self) -> None:
        self.held.clear()
        self._flowing.clear()

    def resume(self) -> None:
        self._flowing.set()

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._clients)

    def wait_until_open(self, count: int, timeout: float = 30) -> None:
        """Until exactly ``count`` connections are open (the others have ended)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._clients) != count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{len(self._clients)} connections open, not {count}, after {timeout} s")
                self._changed.wait(left)

    @property
    def url_host(self) -> str:
        return f"{self.host}:{self.port}"

    # Forwarding ---------------------------------------------------------------------------------------

    def _accept(self, listener: socket.socket) -> None:
        while self._running:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self.connections += 1
                self._sockets |= {client, upstream}
                self._clients.add(client)
                pumps = [
                    threading.Thread(target=self._pump, args=(client, upstream), daemon=True),
                    threading.Thread(target=self._pump, args=(upstream, client), daemon=True),
                ]
                self._threads += pumps
                self._changed.notify_all()
            for pump in pumps:
                pump.start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                if not self._flowing.is_set():
                    self.held.set()
                    self._flowing.wait()
                if source.fileno() == -1 or sink.fileno() == -1:
                    break  # cut while the bytes were held: they never arrive
                sink.sendall(data)
        except OSError:
            pass
        finally:
            # One side closed: the connection ends for both ends. Each pump closes the socket it reads;
            # the shutdown wakes the other pump, which then closes its own.
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with self._lock:
                self._sockets.discard(source)
                if source in self._clients or sink in self._clients:
                    self._clients.discard(source)
                    self._clients.discard(sink)
                    self._changed.notify_all()
            source.close()
